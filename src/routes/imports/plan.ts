import type { CertificateRecord } from '../../db/certificates'
import type { HolderRow } from '../../db/holders'
import { agencyRefusal, type AgencyState } from '../../domain/agency'
import { placementRefusal, type CarriedCertificate, type DeviceState } from '../../domain/custody'
import { holderKindFor, holderKindRefusal, holderRefusal } from '../../domain/holder'
import type { ImportField, ImportRecord } from '../../domain/import-rows'
import { resolveIssuer, serialClashRefusal, type KnownIssuer } from '../../domain/issuers'
import { canonicalDn } from '../../lib/dn'
import { revocationRefusal, revokedRefusal, validityRefusal } from '../../domain/lifecycle'
import { DEPARTMENT_CODES } from '../../domain/reasons'
import { firstOf, type Refusal } from '../../domain/refusal'
import { newId } from '../../lib/ids'
import type { Params } from '../../lib/messages'
import { fold } from '../../lib/text'
import type { ParsedRow } from './parse'

/** What the registry holds that an import's rows are resolved against. */
export interface Lookups {
  agencies: (AgencyState & { id: string })[]
  /** Holders whose CCCD or folded name a row carries. */
  holders: HolderRow[]
  devices: (DeviceState & { id: string; agencyId: string })[]
  /** The active certificates on those devices. */
  carried: (CarriedCertificate & { deviceId: string })[]
  /** Every registered certificate with a serial some row carries (under any issuer). */
  certificates: CertificateRecord[]
  issuers: KnownIssuer[]
}

/** A rejected row: its line in the file, the field and why (a catalogue code and its values). */
export interface Rejection {
  line: number
  column: ImportField
  code: string
  params?: Params
}

export interface NewHolder {
  id: string
  kind: 'person' | 'organisation'
  fullName: string
  nationalId: string | null
  position: string | null
  agencyId: string
  at: string
}

/** What an import would do; the same for a dry run and a real one, so their counts agree. */
export interface ImportPlan {
  holders: NewHolder[]
  /** Details of registered holders the sheet brings up to date (position; the name, by CCCD). */
  holderUpdates: {
    id: string
    fullName: string
    position: string | null
    version: number
    line: number
  }[]
  devices: { id: string; serial: string; agencyId: string; at: string }[]
  create: (CertificateRecord & { holderName: string; line: number })[]
  /** Registered certificates whose department-owned details change: agency, device, note, fingerprint. */
  update: { before: CertificateRecord; after: CertificateRecord; line: number }[]
  /** Registered certificates the sheet revokes. */
  revoke: { before: CertificateRecord; after: CertificateRecord; line: number }[]
  /** Rows of registered certificates that change something (the certificate or its holder). */
  updatedRows: number
  unchanged: number
  rejected: Rejection[]
}

/** Spreadsheets hold instants to the second (certificates carry no more): compare at that grain. */
const sameSecond = (a: string | null, b: string | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000))

/** The field of the sheet a refusal of a rule points at. */
const columnOf = (r: Refusal, fallback: ImportField): ImportField =>
  (
    ({
      holderId: 'fullName',
      agencyId: 'agencyCode',
      deviceId: 'deviceSerial',
      issuer: 'issuer',
      notAfter: 'notAfter',
      notBefore: 'notBefore',
      revokedAt: 'revokedAt',
      invalidityDate: 'invalidityDate',
    }) as Record<string, ImportField>
  )[r.field ?? ''] ?? fallback

/**
 * Resolves parsed rows against the registry, through the same rules as the API: agencies by code
 * (active), issuers by registered name or alias, holders by CCCD (only the holder with that CCCD)
 * or else by name in the agency, devices by serial (one holder's keys each), certificates by
 * issuer + serial. A new certificate meets every rule of the API's; a registered one may change
 * only what the department owns (agency, device, note, a missing fingerprint, the holder's
 * position) and be revoked, never what the CA signed. Each row is created, updated, revoked,
 * unchanged or rejected with its line, field and reason.
 */
export function planImport(rows: ParsedRow[], found: Lookups, now: Date): ImportPlan {
  const at = now.toISOString()
  const plan: ImportPlan = {
    holders: [],
    holderUpdates: [],
    devices: [],
    create: [],
    update: [],
    revoke: [],
    updatedRows: 0,
    unchanged: 0,
    rejected: [],
  }
  const agencies = new Map(found.agencies.map((a) => [a.code, a]))
  // Holders by id, by CCCD in an agency, and by folded name in an agency and kind.
  const holderById = new Map<string, HolderRow>()
  const byCccd = new Map<string, HolderRow>()
  const byName = new Map<string, HolderRow[]>()
  const remember = (h: HolderRow) => {
    holderById.set(h.id, h)
    if (h.national_id) byCccd.set(`${h.agency_id}|${h.national_id}`, h)
    const key = `${h.agency_id}|${h.kind}|${h.name_key}`
    byName.set(key, [...(byName.get(key) ?? []), h])
  }
  found.holders.forEach(remember)
  const devices = new Map(found.devices.map((d) => [d.serial, d]))
  const carried = new Map<string, CarriedCertificate[]>()
  const carry = (c: CarriedCertificate & { deviceId: string }) =>
    carried.set(c.deviceId, [...(carried.get(c.deviceId) ?? []), c])
  found.carried.forEach(carry)
  const certificates = new Map(found.certificates.map((c) => [`${c.serial}|${c.issuer}`, c]))
  const issuersOfSerial = new Map<string, string[]>()
  for (const c of found.certificates)
    issuersOfSerial.set(c.serial, [...(issuersOfSerial.get(c.serial) ?? []), c.issuer])
  const seen = new Map<string, number>()
  const updatedHolders = new Set<string>()

  for (const row of rows) {
    const reject = (column: ImportField, code: string, params?: Params) =>
      plan.rejected.push({ line: row.line, column, code, params })
    const refuse = (r: Refusal, fallback: ImportField) =>
      reject(columnOf(r, fallback), r.reason ?? r.code, r.params)
    if (row.errors) {
      for (const e of row.errors) reject(e.column, e.code, e.params)
      continue
    }
    const r = row.record as ImportRecord
    // The CA by its registered name or an alias; or, for a certificate already recorded under an
    // issuer not registered (the registry's own export read back), the name it is recorded under.
    const recorded = canonicalDn(r.issuer)
    const issuerDn =
      resolveIssuer(found.issuers, r.issuer)?.dn ??
      (certificates.has(`${r.serial}|${recorded}`) ? recorded : null)
    if (!issuerDn) {
      reject('issuer', 'issuer-unknown', { issuer: r.issuer })
      continue
    }
    const key = `${r.serial}|${issuerDn}`
    if (seen.has(key)) {
      reject('serial', 'same-as-line', { line: seen.get(key) })
      continue
    }
    seen.set(key, row.line)
    const agency = agencies.get(r.agencyCode)
    if (!agency) {
      reject('agencyCode', 'unknown-agency-code', { code: r.agencyCode })
      continue
    }
    const existing = certificates.get(key)
    // Nothing new goes under an agency that merged or was dissolved (its history still reads back).
    const agencyNo = agencyRefusal(agency)
    if (agencyNo && (!existing || existing.agencyId !== agency.id)) {
      refuse(agencyNo, 'agencyCode')
      continue
    }

    // The holder: a registered certificate's own (the row must name it: its CCCD, or its name);
    // else by CCCD only the holder with that CCCD, without one the only one of that name.
    const kind = holderKindFor[r.kind]
    const named = (h: HolderRow) =>
      r.nationalId ? h.national_id === r.nationalId : h.name_key === fold(r.fullName)
    const namesakes = byName.get(`${agency.id}|${kind}|${fold(r.fullName)}`) ?? []
    const withCccd = r.nationalId ? byCccd.get(`${agency.id}|${r.nationalId}`) : undefined
    const own = existing && holderById.get(existing.holderId)
    if (existing && !(own && named(own))) {
      reject(r.nationalId ? 'nationalId' : 'fullName', 'certificate-of-other-holder', {
        serial: r.serial,
      })
      continue
    }
    const holder = existing
      ? own!
      : r.nationalId
        ? withCccd?.kind === kind
          ? withCccd
          : undefined
        : namesakes.length === 1
          ? namesakes[0]
          : undefined
    if (!holder && r.nationalId && namesakes.some((h) => h.national_id === null)) {
      reject('nationalId', 'holder-without-cccd', { name: r.fullName })
      continue
    }
    if (!holder && !r.nationalId && namesakes.length > 1) {
      reject('fullName', 'holder-ambiguous', { name: r.fullName })
      continue
    }
    const newHolder: NewHolder | null = holder
      ? null
      : {
          id: newId('hld', now.getTime()),
          kind,
          fullName: r.fullName,
          nationalId: r.nationalId,
          position: r.position,
          agencyId: agency.id,
          at,
        }
    const state = holder
      ? { id: holder.id, kind: holder.kind, fullName: holder.full_name, status: holder.status }
      : { id: newHolder!.id, kind, fullName: r.fullName, status: 'in_post' as const }

    // The device, if any: one that may carry this certificate (or a new one, into stock).
    const existingDevice = r.deviceSerial ? devices.get(r.deviceSerial) : undefined
    const newDevice =
      r.deviceSerial && !existingDevice
        ? { id: newId('dev', now.getTime()), serial: r.deviceSerial, agencyId: agency.id, at }
        : null
    const deviceId = existingDevice?.id ?? newDevice?.id ?? null

    const values: CertificateRecord = {
      id: existing?.id ?? newId('crt', now.getTime()),
      kind: r.kind,
      serial: r.serial,
      issuer: issuerDn,
      subject: r.subject,
      holderId: state.id,
      agencyId: agency.id,
      deviceId,
      notBefore: r.notBefore,
      notAfter: r.notAfter,
      fingerprint: r.fingerprint ?? existing?.fingerprint ?? null,
      replacesId: existing?.replacesId ?? null,
      replacement: existing?.replacement ?? null,
      replacedById: existing?.replacedById ?? null,
      revokedAt: null,
      reasonCode: null,
      invalidityDate: null,
      revocationNote: null,
      holdAt: null,
      revokedBy: null,
      note: r.note ?? existing?.note ?? null,
      version: existing?.version ?? 1,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    }
    const placement =
      existingDevice && existingDevice.id !== existing?.deviceId
        ? placementRefusal(existingDevice, values, carried.get(existingDevice.id) ?? [])
        : null

    if (existing) {
      const caField = (['kind', 'subject', 'notBefore', 'notAfter', 'fingerprint'] as const).find(
        (f) =>
          f === 'notBefore' || f === 'notAfter'
            ? !sameSecond(existing[f], values[f])
            : f === 'fingerprint'
              ? existing.fingerprint !== null &&
                r.fingerprint !== null &&
                existing.fingerprint !== r.fingerprint
              : existing[f] !== values[f]
      )
      if (caField) {
        reject(caField, 'ca-field-differs', { registered: String(existing[caField]) })
        continue
      }
      const after: CertificateRecord = {
        ...existing,
        agencyId: values.agencyId,
        deviceId: values.deviceId,
        note: values.note,
        fingerprint: values.fingerprint,
      }
      const changed = (['agencyId', 'deviceId', 'note', 'fingerprint'] as const).some(
        (f) => after[f] !== existing[f]
      )
      const revokes = r.revokedAt !== null && existing.revokedAt === null
      const sameRevocation =
        r.revokedAt === null ||
        (sameSecond(existing.revokedAt, r.revokedAt) && existing.reasonCode === r.reasonCode)
      // The details of a person named by CCCD the sheet may bring up to date: name and position.
      const holderName = r.nationalId ? r.fullName : holder!.full_name
      const holderChange =
        r.nationalId !== null &&
        (holder!.full_name !== holderName ||
          (holder!.position ?? null) !== (r.position ?? holder!.position ?? null))
      if (existing.revokedAt !== null && (changed || !sameRevocation)) {
        refuse(revokedRefusal(existing)!, 'serial')
        continue
      }
      const no = firstOf(
        changed ? placement : null,
        revokes ? revocationRefusal(existing, r.revokedAt!, r.invalidityDate, now) : null,
        revokes && !(DEPARTMENT_CODES as readonly number[]).includes(r.reasonCode!)
          ? {
              status: 422,
              code: 'bad-reason-code',
              field: 'reasonCode',
              params: { codes: DEPARTMENT_CODES.join(', ') },
            }
          : null,
        revokes && r.revokedAt! > at
          ? { status: 422, code: 'future-time', field: 'revokedAt' }
          : null
      )
      if (no) {
        refuse(no, 'serial')
        continue
      }
      if (!changed && !revokes && !holderChange) {
        plan.unchanged++
        continue
      }
      if (holderChange && !updatedHolders.has(holder!.id)) {
        updatedHolders.add(holder!.id)
        plan.holderUpdates.push({
          id: holder!.id,
          fullName: holderName,
          position: r.position ?? holder!.position,
          version: holder!.version,
          line: row.line,
        })
      }
      const updated = { ...after, version: existing.version + (changed ? 1 : 0), updatedAt: at }
      if (changed) plan.update.push({ before: existing, after: updated, line: row.line })
      if (revokes)
        plan.revoke.push({
          before: updated,
          after: {
            ...updated,
            revokedAt: r.revokedAt,
            reasonCode: r.reasonCode,
            invalidityDate: r.invalidityDate,
            version: updated.version + 1,
          },
          line: row.line,
        })
      plan.updatedRows++
      continue
    }

    // A new certificate: every rule of the API's.
    const no = firstOf(
      holderKindRefusal(state, r.kind),
      holderRefusal(state),
      serialClashRefusal(found.issuers, r.serial, issuerDn, issuersOfSerial.get(r.serial) ?? []),
      validityRefusal(r.notBefore, r.notAfter),
      placement,
      r.revokedAt !== null
        ? firstOf(
            revocationRefusal(values, r.revokedAt, r.invalidityDate, now),
            !(DEPARTMENT_CODES as readonly number[]).includes(r.reasonCode!)
              ? {
                  status: 422,
                  code: 'bad-reason-code',
                  field: 'reasonCode',
                  params: { codes: DEPARTMENT_CODES.join(', ') },
                }
              : null,
            r.revokedAt > at ? { status: 422, code: 'future-time', field: 'revokedAt' } : null
          )
        : null
    )
    if (no) {
      refuse(no, 'serial')
      continue
    }
    if (newHolder) {
      plan.holders.push(newHolder)
      remember({
        id: newHolder.id,
        kind,
        full_name: r.fullName,
        name_key: fold(r.fullName),
        national_id: r.nationalId,
        position: r.position,
        email: null,
        phone: null,
        agency_id: agency.id,
        status: 'in_post',
        left_at: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
    }
    if (newDevice) {
      plan.devices.push(newDevice)
      devices.set(newDevice.serial, { ...newDevice, status: 'in_stock', holderId: null })
    }
    const record: CertificateRecord =
      r.revokedAt !== null
        ? {
            ...values,
            revokedAt: r.revokedAt,
            reasonCode: r.reasonCode,
            invalidityDate: r.invalidityDate,
          }
        : values
    if (deviceId && record.revokedAt === null && record.notAfter > at)
      carry({
        id: record.id,
        serial: record.serial,
        kind: record.kind,
        holderId: record.holderId,
        holderName: r.fullName,
        deviceId,
      })
    issuersOfSerial.set(r.serial, [...(issuersOfSerial.get(r.serial) ?? []), issuerDn])
    plan.create.push({ ...record, holderName: r.fullName, line: row.line })
  }
  return plan
}
