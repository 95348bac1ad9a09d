import { canonicalDn } from '../lib/dn'
import { normaliseSerial } from '../lib/serial'
import { fold } from '../lib/text'
import { VN_OFFSET_MS } from '../lib/time'

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
  kind: 'personal' | 'organisation'
  serial: string
  issuer: string
  subject: string
  notBefore: string
  notAfter: string
  deviceSerial: string | null
  fingerprint: string | null
}

export interface CellError {
  column: string
  reason: string
}

/**
 * An instant written as dd/mm/yyyy or dd/mm/yyyy HH:mm[:ss] in Vietnam time (how spreadsheets
 * hold them), or ISO-8601. A day that does not exist (31/02) is refused, not rolled over.
 */
export function parseVnDate(text: string): string | null {
  const t = text.trim()
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t)
  if (m) {
    const [d, mo, y, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(
      Number
    )
    const utc = Date.UTC(y, mo - 1, d, h, mi, s)
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
  if (/^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t)))
    return new Date(t).toISOString()
  return null
}

const KINDS: Record<string, 'personal' | 'organisation'> = {
  'ca nhan': 'personal',
  personal: 'personal',
  'to chuc': 'organisation',
  organisation: 'organisation',
  organization: 'organisation',
}

/**
 * Checks one row: each value NFC-normalised and trimmed, each required field present, dates real,
 * the serial hex, the CCCD 12 digits (persons only). Answers the record or every error, by column.
 */
export function checkRow(
  cells: Partial<Record<ImportField, string>>,
  columnOf: (f: ImportField) => string
): { record: ImportRecord } | { errors: CellError[] } {
  const v = (f: ImportField) => (cells[f] ?? '').normalize('NFC').trim()
  const errors: CellError[] = []
  const fail = (f: ImportField, reason: string) => errors.push({ column: columnOf(f), reason })
  for (const f of [
    'fullName',
    'agencyCode',
    'kind',
    'serial',
    'issuer',
    'notBefore',
    'notAfter',
  ] as const)
    if (!v(f)) fail(f, 'missing')
  const kind = KINDS[fold(v('kind'))]
  if (v('kind') && !kind) fail('kind', 'must be "cá nhân" or "tổ chức" (personal or organisation)')
  const serial = v('serial') ? normaliseSerial(v('serial')) : null
  if (v('serial') && !serial) fail('serial', 'not a hexadecimal serial')
  const notBefore = v('notBefore') ? parseVnDate(v('notBefore')) : null
  const notAfter = v('notAfter') ? parseVnDate(v('notAfter')) : null
  if (v('notBefore') && !notBefore) fail('notBefore', 'not a date (dd/mm/yyyy)')
  if (v('notAfter') && !notAfter) fail('notAfter', 'not a date (dd/mm/yyyy)')
  if (notBefore && notAfter && notAfter <= notBefore)
    fail('notAfter', 'must be later than the start of validity')
  const nationalId = v('nationalId').replace(/\s+/g, '') || null
  if (nationalId && !/^\d{12}$/.test(nationalId)) fail('nationalId', 'a CCCD has exactly 12 digits')
  if (nationalId && kind === 'organisation') fail('nationalId', 'an organisation has no CCCD')
  const fingerprint = v('fingerprint') ? v('fingerprint').replace(/[\s:]/g, '').toUpperCase() : null
  if (fingerprint && !/^[0-9A-F]{64}$/.test(fingerprint))
    fail('fingerprint', 'not a SHA-256 fingerprint')
  if (errors.length) return { errors }
  return {
    record: {
      fullName: v('fullName'),
      nationalId,
      position: v('position') || null,
      agencyCode: v('agencyCode'),
      kind: kind!,
      serial: serial!,
      issuer: canonicalDn(v('issuer')),
      subject: canonicalDn(v('subject') || `CN=${v('fullName')}`),
      notBefore: notBefore!,
      notAfter: notAfter!,
      deviceSerial: v('deviceSerial') ? v('deviceSerial').toUpperCase() : null,
      fingerprint,
    },
  }
}
