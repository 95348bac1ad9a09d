import type { CertificateListQuery } from '../../../schemas/certificate'
import { sortKeyOf } from '../../db/certificates'
import { certificateExportPage } from '../../db/exports'
import { KIND_WORDS } from '../../domain/import-rows'
import { certificateStatus } from '../../domain/lifecycle'
import { maskIds, maskNationalId } from '../../domain/masking'
import { reasonOf } from '../../domain/reasons'
import { encodeCursor } from '../../lib/cursor'
import { csvLine, vnDateTime } from '../../lib/csv'

/** The columns the import reads (Vietnamese headers, as the department's spreadsheet has them). */
export const CERTIFICATE_COLUMNS = [
  'Họ tên',
  'Số CCCD',
  'Chức vụ',
  'Mã cơ quan',
  'Cơ quan',
  'Loại',
  'Số hiệu',
  'Tổ chức cấp',
  'Chủ thể',
  'Ngày hiệu lực',
  'Ngày hết hạn',
  'Số serial thiết bị',
  'Vân tay SHA-256',
  'Trạng thái',
  'Ngày thu hồi',
  'Lý do thu hồi',
  'Ngày mất an toàn khóa',
  'Ghi chú',
]

/** Rows a D1 query reads for the export. */
export const PAGE = 1000
const STATUS_VI = {
  active: 'Còn hiệu lực',
  expired: 'Hết hạn',
  revoked: 'Đã thu hồi',
  not_yet_valid: 'Chưa có hiệu lực',
  on_hold: 'Tạm dừng',
} as const

/** Who the export is for: the department sees CCCD whole; an officer only their subtree. */
export interface Reader {
  admin: boolean
  scope: string | undefined
}

export type ExportQuery = Omit<CertificateListQuery, 'cursor' | 'limit'>

/**
 * Up to `pages` pages of the certificate export as CSV lines, from `cursor` on: the text, the rows
 * in it, and the cursor of what follows (null at the end). The streamed download and the export
 * job both write these.
 */
export async function certificateCsv(
  db: D1Database,
  query: ExportQuery,
  reader: Reader,
  now: Date,
  cursor: string | undefined,
  pages: number
) {
  const chunk = await certificateRows(db, query, reader, now, cursor, pages)
  return { text: chunk.rows.map(csvLine).join(''), rows: chunk.rows.length, cursor: chunk.cursor }
}

/** Up to `pages` pages of the export as rows of cells (CERTIFICATE_COLUMNS), and what follows. */
export async function certificateRows(
  db: D1Database,
  query: ExportQuery,
  reader: Reader,
  now: Date,
  cursor: string | undefined,
  pages: number
) {
  const out: (string | number | null)[][] = []
  for (let n = 0; n < pages; n++) {
    const rows = await certificateExportPage(
      db,
      { ...query, limit: PAGE, cursor, scope: reader.scope },
      now
    )
    for (const r of rows.slice(0, PAGE)) {
      const status = certificateStatus(
        {
          id: r.id,
          kind: r.kind,
          serial: r.serial,
          holderId: '',
          notBefore: r.not_before,
          notAfter: r.not_after,
          revokedAt: r.revoked_at,
          invalidityDate: r.invalidity_date,
          holdAt: r.hold_at,
          replacedById: null,
        },
        now
      )
      out.push([
        r.full_name,
        reader.admin ? r.national_id : maskNationalId(r.national_id),
        r.position,
        r.agency_code,
        r.agency_name,
        KIND_WORDS[r.kind],
        r.serial,
        r.issuer,
        reader.admin ? r.subject : maskIds(r.subject),
        vnDateTime(r.not_before),
        vnDateTime(r.not_after),
        r.device_serial,
        r.fingerprint,
        STATUS_VI[status],
        vnDateTime(r.revoked_at),
        r.reason_code === null ? '' : `${r.reason_code} ${reasonOf(r.reason_code)?.name}`,
        vnDateTime(r.invalidity_date),
        r.note,
      ])
    }
    if (rows.length <= PAGE) return { rows: out, cursor: null }
    const last = rows[PAGE - 1]
    cursor = encodeCursor({ key: sortKeyOf(query.sort, last), id: last.id })
  }
  return { rows: out, cursor: cursor ?? null }
}
