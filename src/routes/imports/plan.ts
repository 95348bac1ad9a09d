import type { ImportField, ImportRecord } from '../../domain/import-rows'
import { MAX_VALIDITY_YEARS } from '../../domain/validity'
import type { ExistingCertificate } from '../../db/imports'
import type { CertificateValues } from '../../db/imports'
import { newId } from '../../lib/ids'
import { fold } from '../../lib/text'
import { addYears } from '../../lib/time'
import type { ParsedRow } from './parse'

export interface Lookups {
  agencies: { id: string; code: string; status: string }[]
  holdersByCccd: {
    id: string
    agency_id: string
    national_id: string | null
    name_key: string
    kind: string
  }[]
  holdersByName: {
    id: string
    agency_id: string
    national_id: string | null
    name_key: string
    kind: string
  }[]
  devices: { id: string; serial: string; status: string }[]
  certificates: ExistingCertificate[]
}

export interface Rejection {
  line: number
  column: string
  reason: string
}

/** What an import would do: new holders and devices, certificates to create and update. */
export interface ImportPlan {
  holders: {
    id: string
    kind: string
    fullName: string
    nationalId: string | null
    position: string | null
    agencyId: string
    at: string
  }[]
  devices: { id: string; serial: string; agencyId: string; at: string }[]
  create: (CertificateValues & { line: number })[]
  update: (CertificateValues & { line: number; version: number })[]
  unchanged: number
  rejected: Rejection[]
}

const holderKind = { personal: 'person', organisation: 'organisation' } as const

/** Spreadsheets hold instants to the second (certificates carry no more): compare at that grain. */
const sameSecond = (a: string, b: string) =>
  Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000)

/**
 * Resolves parsed rows against the registry: agencies by code, holders by CCCD (else by name in
 * the agency), devices by serial, certificates by issuer + serial. A row is created, updated,
 * unchanged or rejected with its line, column and reason; the plan is the same for a dry run and
 * a real one, so their counts agree.
 */
export function planImport(
  rows: ParsedRow[],
  found: Lookups,
  now: Date,
  columnOf: (f: ImportField) => string = (f) => f
): ImportPlan {
  const at = now.toISOString()
  const plan: ImportPlan = {
    holders: [],
    devices: [],
    create: [],
    update: [],
    unchanged: 0,
    rejected: [],
  }
  const agencies = new Map(found.agencies.map((a) => [a.code, a]))
  const byCccd = new Map(found.holdersByCccd.map((h) => [`${h.agency_id}|${h.national_id}`, h.id]))
  const byName = new Map(
    found.holdersByName.map((h) => [`${h.agency_id}|${h.kind}|${h.name_key}`, h.id])
  )
  const devices = new Map(found.devices.map((d) => [d.serial, d]))
  const certificates = new Map(found.certificates.map((c) => [`${c.serial}|${c.issuer}`, c]))
  const seen = new Map<string, number>()
  // Report columns as the file names them ("Mã cơ quan"), not by the registry's field names.
  const reject = (line: number, column: string, reason: string) =>
    plan.rejected.push({ line, column: columnOf(column as ImportField), reason })

  for (const row of rows) {
    if (row.errors) {
      for (const e of row.errors) reject(row.line, e.column, e.reason)
      continue
    }
    const r = row.record as ImportRecord
    const key = `${r.serial}|${r.issuer}`
    if (seen.has(key)) {
      reject(row.line, 'serial', `the same certificate as line ${seen.get(key)}`)
      continue
    }
    seen.set(key, row.line)
    const agency = agencies.get(r.agencyCode)
    if (!agency) {
      reject(row.line, 'agencyCode', `no agency with code ${r.agencyCode}`)
      continue
    }
    if (agency.status !== 'active') {
      reject(row.line, 'agencyCode', `agency ${r.agencyCode} is ${agency.status}`)
      continue
    }
    const kind = holderKind[r.kind]
    const nameKey = `${agency.id}|${kind}|${fold(r.fullName)}`
    let holderId =
      (r.nationalId && byCccd.get(`${agency.id}|${r.nationalId}`)) || byName.get(nameKey)
    if (!holderId) {
      holderId = newId('hld', now.getTime())
      plan.holders.push({
        id: holderId,
        kind,
        fullName: r.fullName,
        nationalId: r.nationalId,
        position: r.position,
        agencyId: agency.id,
        at,
      })
      byName.set(nameKey, holderId)
      if (r.nationalId) byCccd.set(`${agency.id}|${r.nationalId}`, holderId)
    }
    let deviceId: string | null = null
    if (r.deviceSerial) {
      const device = devices.get(r.deviceSerial)
      if (device && (device.status === 'lost' || device.status === 'retired')) {
        reject(row.line, 'deviceSerial', `device ${r.deviceSerial} is ${device.status}`)
        continue
      }
      deviceId = device?.id ?? newId('dev', now.getTime())
      if (!device) {
        plan.devices.push({ id: deviceId, serial: r.deviceSerial, agencyId: agency.id, at })
        devices.set(r.deviceSerial, { id: deviceId, serial: r.deviceSerial, status: 'in_stock' })
      }
    }
    const existing = certificates.get(key)
    const values: CertificateValues = {
      id: existing?.id ?? newId('crt', now.getTime()),
      kind: r.kind,
      serial: r.serial,
      issuer: r.issuer,
      subject: r.subject,
      holderId,
      holderName: r.fullName,
      agencyId: agency.id,
      deviceId,
      notBefore: r.notBefore,
      notAfter: r.notAfter,
      fingerprint: r.fingerprint ?? existing?.fingerprint ?? null,
    }
    if (!existing) {
      if (r.notAfter > addYears(new Date(r.notBefore), MAX_VALIDITY_YEARS).toISOString()) {
        reject(
          row.line,
          'notAfter',
          `a certificate is valid for at most ${MAX_VALIDITY_YEARS} years`
        )
        continue
      }
      plan.create.push({ ...values, line: row.line })
      continue
    }
    const same =
      existing.kind === values.kind &&
      existing.subject === values.subject &&
      existing.holder_id === values.holderId &&
      existing.agency_id === values.agencyId &&
      existing.device_id === values.deviceId &&
      sameSecond(existing.not_before, values.notBefore) &&
      sameSecond(existing.not_after, values.notAfter) &&
      existing.fingerprint === values.fingerprint
    if (same) plan.unchanged++
    else if (existing.revoked_at)
      reject(
        row.line,
        'serial',
        'the certificate is revoked: its record is history and an import does not change it'
      )
    else plan.update.push({ ...values, line: row.line, version: existing.version })
  }
  return plan
}
