import { canonicalDn } from '../lib/dn'
import type { Params } from '../lib/messages'
import { normaliseSerial } from '../lib/serial'
import { fold } from '../lib/text'
import { VN_OFFSET_MS, vnDayBounds } from '../lib/time'
import type { CertificateKind } from './lifecycle'
import { DEPARTMENT_CODES, REASONS, REVOCATION_CODES } from './reasons'

/** The fields a spreadsheet row can carry, whatever its headers are called. */
export type ImportField =
  | 'fullName'
  | 'nationalId'
  | 'position'
  | 'agencyCode'
  | 'agencyName'
  | 'kind'
  | 'serial'
  | 'issuer'
  | 'subject'
  | 'notBefore'
  | 'notAfter'
  | 'deviceSerial'
  | 'fingerprint'
  | 'note'
  | 'revokedAt'
  | 'reasonCode'
  | 'invalidityDate'

/** Headers as departments write them (folded: no diacritics, lower case), Vietnamese or English. */
const HEADERS: Record<string, ImportField> = {
  'ho ten': 'fullName',
  'ho va ten': 'fullName',
  'full name': 'fullName',
  name: 'fullName',
  'so cccd': 'nationalId',
  cccd: 'nationalId',
  'so can cuoc': 'nationalId',
  'national id': 'nationalId',
  'chuc vu': 'position',
  position: 'position',
  'ma co quan': 'agencyCode',
  'agency code': 'agencyCode',
  'co quan': 'agencyName',
  'ten co quan': 'agencyName',
  agency: 'agencyName',
  loai: 'kind',
  kind: 'kind',
  'loai chung thu': 'kind',
  'so hieu': 'serial',
  'so hieu serial': 'serial',
  serial: 'serial',
  'so serial': 'serial',
  'to chuc cap': 'issuer',
  issuer: 'issuer',
  'chu the': 'subject',
  subject: 'subject',
  'ngay hieu luc': 'notBefore',
  'hieu luc tu': 'notBefore',
  'valid from': 'notBefore',
  'not before': 'notBefore',
  'ngay het han': 'notAfter',
  'het han': 'notAfter',
  'valid to': 'notAfter',
  expires: 'notAfter',
  'not after': 'notAfter',
  'so serial thiet bi': 'deviceSerial',
  'serial thiet bi': 'deviceSerial',
  'device serial': 'deviceSerial',
  'thiet bi': 'deviceSerial',
  'van tay sha 256': 'fingerprint',
  fingerprint: 'fingerprint',
  'ghi chu': 'note',
  note: 'note',
  'ngay thu hoi': 'revokedAt',
  'thoi diem thu hoi': 'revokedAt',
  'revoked at': 'revokedAt',
  'ly do thu hoi': 'reasonCode',
  'revocation reason': 'reasonCode',
  'ngay mat an toan khoa': 'invalidityDate',
  'invalidity date': 'invalidityDate',
}

/** The field a header names, or null for a column the import does not read. */
export const fieldOf = (header: string): ImportField | null =>
  HEADERS[
    fold(header)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  ] ?? null

/** A row's values once checked: the certificate and who and what it belongs to. */
export interface ImportRecord {
  fullName: string
  nationalId: string | null
  position: string | null
  agencyCode: string
  kind: CertificateKind
  serial: string
  issuer: string
  subject: string
  notBefore: string
  notAfter: string
  deviceSerial: string | null
  fingerprint: string | null
  note: string | null
  revokedAt: string | null
  reasonCode: number | null
  invalidityDate: string | null
}

/** What is wrong with a cell: its field, and a catalogue code with the values it names. */
export interface CellError {
  column: ImportField
  code: string
  params?: Params
}

/**
 * An instant written as dd/mm/yyyy or dd/mm/yyyy HH:mm[:ss] in Vietnam time (how spreadsheets
 * hold them), or ISO-8601. A day that does not exist (31/02) is refused, not rolled over. A date
 * without a time means the start of that Vietnam day, or its end (23:59:59) for `edge` 'end':
 * "valid until 31/12/2026" holds all through the 31st.
 */
export function parseVnDate(text: string, edge: 'start' | 'end' = 'start'): string | null {
  const t = text.trim()
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t)
  if (m) {
    const [d, mo, y, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(
      Number
    )
    const endOfDay = edge === 'end' && m[4] === undefined
    const utc = endOfDay ? Date.UTC(y, mo - 1, d, 23, 59, 59) : Date.UTC(y, mo - 1, d, h, mi, s)
    const back = new Date(utc)
    if (
      back.getUTCFullYear() !== y ||
      back.getUTCMonth() !== mo - 1 ||
      back.getUTCDate() !== d ||
      h > 23 ||
      mi > 59 ||
      s > 59
    )
      return null
    return new Date(utc - VN_OFFSET_MS).toISOString()
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return vnDayBounds(t)?.[edge] ?? null
  if (/^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t)))
    return new Date(t).toISOString()
  return null
}

const KINDS: Record<string, CertificateKind> = {
  'ca nhan': 'personal',
  personal: 'personal',
  'to chuc': 'organisation',
  organisation: 'organisation',
  organization: 'organisation',
  'thiet bi': 'device_service',
  'thiet bi dich vu': 'device_service',
  'thiet bi dich vu phan mem': 'device_service',
  'dich vu': 'device_service',
  'device service': 'device_service',
  device_service: 'device_service',
}

/** The spreadsheet's word for each kind (what the export writes, and the import reads back). */
export const KIND_WORDS: Record<CertificateKind, string> = {
  personal: 'Cá nhân',
  organisation: 'Tổ chức',
  device_service: 'Thiết bị, dịch vụ',
}

/**
 * A revocation reason as a sheet writes it: its RFC 5280 code ("1", "1 keyCompromise"), its name
 * ("keyCompromise") or its Vietnamese cause. Null when it names none.
 */
export function parseReason(text: string): number | null {
  const t = text.trim()
  const code = /^(\d{1,2})\b/.exec(t)?.[1]
  if (code !== undefined) return Number(code) in REASONS ? Number(code) : null
  const folded = fold(t)
  const found = Object.entries(REASONS).find(
    ([, r]) => r.name.toLowerCase() === t.toLowerCase() || fold(r.cause) === folded
  )
  return found ? Number(found[0]) : null
}

/**
 * Checks one row: each value NFC-normalised and trimmed, each required field present, dates real,
 * the serial a hex integer, the CCCD 12 digits (persons only), a revocation's reason one the
 * department records. Answers the record or every error, by field.
 */
export function checkRow(
  cells: Partial<Record<ImportField, string>>
): { record: ImportRecord } | { errors: CellError[] } {
  const v = (f: ImportField) => (cells[f] ?? '').normalize('NFC').trim()
  const errors: CellError[] = []
  const fail = (column: ImportField, code: string, params?: Params) =>
    errors.push({ column, code, params })
  for (const f of [
    'fullName',
    'agencyCode',
    'kind',
    'serial',
    'issuer',
    'notBefore',
    'notAfter',
  ] as const)
    if (!v(f)) fail(f, 'required')
  const kind =
    KINDS[
      fold(v('kind'))
        .replace(/[^a-z_ ]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    ]
  if (v('kind') && !kind) fail('kind', 'bad-kind')
  const serial = v('serial') ? normaliseSerial(v('serial')) : null
  if (v('serial') && !serial) fail('serial', 'bad-serial')
  const date = (f: ImportField, edge: 'start' | 'end' = 'start') => {
    const at = v(f) ? parseVnDate(v(f), edge) : null
    if (v(f) && !at) fail(f, 'bad-date')
    return at
  }
  const notBefore = date('notBefore')
  const notAfter = date('notAfter', 'end')
  const revokedAt = date('revokedAt')
  const invalidityDate = date('invalidityDate')
  if (notBefore && notAfter && notAfter <= notBefore) fail('notAfter', 'not-after-before-start')
  const reasonCode = v('reasonCode') ? parseReason(v('reasonCode')) : null
  if (
    v('reasonCode') &&
    (reasonCode === null || !(REVOCATION_CODES as readonly number[]).includes(reasonCode))
  )
    fail('reasonCode', 'bad-reason-code', { codes: DEPARTMENT_CODES.join(', ') })
  if (revokedAt && !v('reasonCode')) fail('reasonCode', 'required')
  if (!revokedAt && (v('reasonCode') || invalidityDate)) fail('revokedAt', 'required')
  const nationalId = v('nationalId').replace(/\s+/g, '') || null
  if (nationalId && !/^\d{12}$/.test(nationalId)) fail('nationalId', 'bad-cccd')
  if (nationalId && kind && kind !== 'personal') fail('nationalId', 'organisation-no-cccd')
  const fingerprint = v('fingerprint') ? v('fingerprint').replace(/[\s:]/g, '').toUpperCase() : null
  if (fingerprint && !/^[0-9A-F]{64}$/.test(fingerprint)) fail('fingerprint', 'bad-fingerprint')
  if (errors.length) return { errors }
  return {
    record: {
      fullName: v('fullName'),
      nationalId,
      position: v('position') || null,
      agencyCode: v('agencyCode'),
      kind: kind!,
      serial: serial!,
      issuer: v('issuer'),
      subject: canonicalDn(v('subject') || `CN=${v('fullName')}`),
      notBefore: notBefore!,
      notAfter: notAfter!,
      deviceSerial: v('deviceSerial') ? v('deviceSerial').toUpperCase() : null,
      fingerprint,
      note: v('note') || null,
      revokedAt,
      reasonCode,
      invalidityDate,
    },
  }
}
