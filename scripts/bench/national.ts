import { fold, searchText } from '../../src/lib/text'
import { addYears, DAY_MS } from '../../src/lib/time'
import * as N from '../seed/names'
import { random } from '../seed/random'

/** Sizes of a national dataset; certificates scale the rest. */
export interface Scale {
  certificates: number
  holders: number
  devices: number
  agencies: number
  /** Certificates inside the reminder window (the scan's work). */
  due: number
}

export const NATIONAL: Scale = {
  certificates: 1_000_000,
  holders: 600_000,
  devices: 150_000,
  agencies: 3_500,
  due: 2_000,
}
export const scaled = (certificates: number): Scale =>
  certificates >= NATIONAL.certificates
    ? NATIONAL
    : // The same 3,500 agencies and 2,000 due certificates at every size: only the registry's size varies.
      {
        certificates,
        holders: Math.ceil(certificates * 0.6),
        devices: Math.ceil(certificates * 0.15),
        agencies: NATIONAL.agencies,
        due: Math.min(NATIONAL.due, Math.floor(certificates / 5)),
      }

const q = (v: unknown) =>
  v === null || v === undefined
    ? 'NULL'
    : typeof v === 'number'
      ? String(v)
      : `'${String(v).replace(/'/g, "''")}'`
const values = (rows: unknown[][]) => rows.map((r) => `(${r.map(q).join(',')})`).join(',')

/**
 * The national dataset as SQL statements of up to `per` rows each (literal values, well under
 * D1's 100 KB statement limit; no bound parameters, so D1's 100-parameter limit does not bind).
 * Reproducible: a fixed seed. 34 provinces, each with departments and communes beneath;
 * certificates' expiry spread over five years, with exactly `due` in the reminder window.
 */
export function* nationalStatements(scale: Scale, now: Date, per = 100): Generator<string> {
  const r = random(2024_68)
  const iso = (t: number) => new Date(t).toISOString()
  const created = iso(now.getTime() - 900 * DAY_MS)
  const agencyIds: string[] = []
  const agencyRows: unknown[][] = []
  const provinces = 34
  for (let i = 0; i < scale.agencies; i++) {
    const id = `agc_B${String(i).padStart(25, '0')}`
    const province = i < provinces
    const parent = province ? null : agencyIds[i % provinces]
    const name = province
      ? `Ủy ban nhân dân tỉnh ${r.pick(N.COMMUNE_FIRST)} ${r.pick(N.COMMUNE_SECOND)} ${i + 1}`
      : `${i % 3 ? 'Ủy ban nhân dân xã' : 'Sở'} ${r.pick(N.COMMUNE_FIRST)} ${r.pick(N.COMMUNE_SECOND)} ${i}`
    agencyIds.push(id)
    agencyRows.push([
      id,
      `B${i}`,
      name,
      fold(name),
      province ? 'province' : i % 3 ? 'commune' : 'department',
      parent,
      '[]',
      null,
      'active',
      null,
      1,
      created,
      created,
    ])
  }
  for (let i = 0; i < agencyRows.length; i += per)
    yield `INSERT INTO agencies (id, code, name, name_key, kind, parent_id, emails, webhook_url, status, successor_id, version, created_at, updated_at) VALUES ${values(agencyRows.slice(i, i + per))}`

  const holderName: string[] = []
  for (let i = 0; i < scale.holders; i += per) {
    const rows: unknown[][] = []
    for (let j = i; j < Math.min(i + per, scale.holders); j++) {
      const name = `${r.pick(N.FAMILY)} ${r.pick(N.MIDDLE)} ${r.pick(N.GIVEN)}`
      holderName.push(name)
      rows.push([
        `hld_B${String(j).padStart(25, '0')}`,
        'person',
        name,
        fold(name),
        String(100_000_000_000 + j),
        r.pick(N.POSITIONS),
        null,
        null,
        agencyIds[j % agencyIds.length],
        1,
        created,
        created,
      ])
    }
    yield `INSERT INTO holders (id, kind, full_name, name_key, national_id, position, email, phone, agency_id, version, created_at, updated_at) VALUES ${values(rows)}`
  }
  for (let i = 0; i < scale.devices; i += per) {
    const rows: unknown[][] = []
    for (let j = i; j < Math.min(i + per, scale.devices); j++)
      rows.push([
        `dev_B${String(j).padStart(25, '0')}`,
        `BT-${String(j).padStart(7, '0')}`,
        r.pick(N.TOKEN_MODELS),
        'token',
        'in_stock',
        agencyIds[j % agencyIds.length],
        null,
        null,
        1,
        created,
        created,
      ])
    yield `INSERT INTO devices (id, serial, model, kind, status, agency_id, holder_id, note, version, created_at, updated_at) VALUES ${values(rows)}`
  }
  // Expiry: `due` certificates fall 5 to 55 days ahead (the scan's window); the rest from 100
  // days to five years ahead, or expired more than 40 days ago (outside the window either way).
  for (let i = 0; i < scale.certificates; i += per) {
    const rows: unknown[][] = []
    for (let j = i; j < Math.min(i + per, scale.certificates); j++) {
      const h = j % scale.holders
      const name = holderName[h]
      const ahead =
        j < scale.due ? 5 + (j % 50) : r.chance(0.1) ? -40 - r.int(0, 700) : 100 + r.int(0, 1700)
      const notAfter = now.getTime() + ahead * DAY_MS + r.int(0, 86_399) * 1000
      const notBefore = addYears(new Date(notAfter), -3).getTime()
      const serial = `5B${j.toString(16).toUpperCase().padStart(14, '0')}`
      const subject = `CN=${name},C=VN`
      const revoked = j >= scale.due && r.chance(0.02)
      rows.push([
        `crt_B${String(j).padStart(25, '0')}`,
        j % 7 ? 'personal' : 'organisation',
        serial,
        N.ISSUER,
        subject,
        `hld_B${String(h).padStart(25, '0')}`,
        agencyIds[h % agencyIds.length],
        null,
        iso(notBefore),
        iso(notAfter),
        null,
        null,
        null,
        revoked ? iso(notBefore + 100 * DAY_MS) : null,
        revoked ? 1 : null,
        null,
        null,
        fold(name),
        fold(subject),
        searchText(fold(name), fold(subject), serial),
        1,
        created,
        created,
      ])
    }
    yield `INSERT INTO certificates (id, kind, serial, issuer, subject, holder_id, agency_id, device_id, not_before, not_after, fingerprint, replaces_id, replaced_by_id, revoked_at, reason_code, revocation_note, note, name_key, subject_key, search_text, version, created_at, updated_at) VALUES ${values(rows)}`
  }
}

/** How much of the registry's history the national dataset carries (./lifecycleStatements). */
export const HISTORY = { renewals: 10_000, mergers: 50, reparented: 50 }

/**
 * The history a restore must put back in order: renewals years apart (an early certificate
 * replaced by one half the table later, each pointing at the other), communes merged into an
 * agency made after them, and agencies moved under an agency made after them. Idempotent.
 */
export function lifecycleStatements(scale: Scale, now: Date): string[] {
  const half = Math.floor(scale.certificates / 2)
  const first = scale.due
  const last = Math.min(first + HISTORY.renewals, half) - 1
  const crt = (expr: string) => `'crt_B' || printf('%025d', ${expr})`
  const agc = (expr: string) => `'agc_B' || printf('%025d', ${expr})`
  const range = (from: number, to: number) =>
    `WITH RECURSIVE k(j) AS (SELECT ${from} UNION ALL SELECT j + 1 FROM k WHERE j < ${to})`
  const at = `'${now.toISOString()}'`
  const agencies = scale.agencies
  return [
    `${range(first, last)} UPDATE certificates SET replaces_id = ${crt('k.j')}, replacement = 'renewal'
       FROM k WHERE certificates.id = ${crt(`k.j + ${half}`)} AND certificates.replaces_id IS NULL`,
    `${range(first, last)} UPDATE certificates SET replaced_by_id = ${crt(`k.j + ${half}`)}
       FROM k WHERE certificates.id = ${crt('k.j')}`,
    `${range(agencies - 200, agencies - 201 + HISTORY.mergers)} UPDATE agencies
       SET status = 'merged', successor_id = ${agc('k.j + 100')}, ended_at = ${at}
       FROM k WHERE agencies.id = ${agc('k.j')} AND agencies.status = 'active'`,
    `${range(100, 99 + HISTORY.reparented)} UPDATE agencies SET parent_id = ${agc(`k.j + ${agencies - 400}`)}
       FROM k WHERE agencies.id = ${agc('k.j')}`,
  ]
}
