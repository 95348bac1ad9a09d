import { createRoute, z } from '@hono/zod-openapi'
import { CertificateListQuery } from '../../../schemas/certificate'
import { readers } from '../../auth/principal'
import { scopeOf } from '../../auth/scope'
import { certificateExportPage } from '../../db/exports'
import { maskIds, maskNationalId } from '../../domain/masking'
import { reasonOf } from '../../domain/reasons'
import { KIND_WORDS } from '../../domain/import-rows'
import { certificateStatus } from '../../domain/lifecycle'
import type { App } from '../../env'
import { encodeCursor } from '../../lib/cursor'
import { csvLine, csvResponse, vnDateTime } from '../../lib/csv'
import { problems } from '../../http/openapi'
import { auditPersonalRead } from '../../http/personal-data'

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

const PAGE = 1000
const STATUS_VI = {
  active: 'Còn hiệu lực',
  expired: 'Hết hạn',
  revoked: 'Đã thu hồi',
  not_yet_valid: 'Chưa có hiệu lực',
  on_hold: 'Tạm dừng',
} as const

const route = createRoute({
  method: 'get',
  path: '/exports/certificates.csv',
  tags: ['Import and export'],
  summary: 'The certificate list as CSV (same filters as the list), streamed',
  description:
    'UTF-8 with BOM, Vietnamese headers, the columns POST /imports/certificates reads; times as dd/mm/yyyy HH:mm:ss (Vietnam). CCCD masked except for admins.',
  middleware: [readers()] as const,
  request: { query: CertificateListQuery.omit({ cursor: true, limit: true }) },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...problems(400, 401, 403),
  },
})

export const registerCertificateExport = (api: App) =>
  api.openapi(route, async (c) => {
    const query = c.req.valid('query')
    const principal = c.get('principal')
    const now = new Date()
    // The department's export carries CCCD numbers whole: that read is recorded first.
    await auditPersonalRead(c, 'export', [`certificates.csv${new URL(c.req.url).search}`])
    return csvResponse(
      `chung-thu-so-${now.toISOString().slice(0, 10)}.csv`,
      (p) => c.executionCtx.waitUntil(p),
      async (write) => {
        await write(csvLine(CERTIFICATE_COLUMNS))
        let cursor: string | undefined
        for (;;) {
          const rows = await certificateExportPage(
            c.env.DB,
            { ...query, limit: PAGE, cursor, scope: scopeOf(principal) },
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
                replacedById: null,
              },
              now
            )
            await write(
              csvLine([
                r.full_name,
                principal.role === 'admin' ? r.national_id : maskNationalId(r.national_id),
                r.position,
                r.agency_code,
                r.agency_name,
                KIND_WORDS[r.kind],
                r.serial,
                r.issuer,
                principal.role === 'admin' ? r.subject : maskIds(r.subject),
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
            )
          }
          if (rows.length <= PAGE) break
          const last = rows[PAGE - 1]
          cursor = encodeCursor({
            key: query.sort === 'name' ? last.name_key : last.not_after,
            id: last.id,
          })
        }
      }
    )
  })
