import { createRoute, z } from '@hono/zod-openapi'
import { Reconciliation } from '../../../schemas/reconciliation'
import { auditors } from '../../auth/principal'
import { reconciliation } from '../../db/reconciliation'
import { workingDaysBefore } from '../../domain/working-days'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { csvLine, vnDateTime } from '../../lib/csv'

const route = createRoute({
  method: 'get',
  path: '/reports/reconciliation',
  tags: ['Reports'],
  summary: 'The CA and the registry compared, both ways (JSON or CSV)',
  description:
    "Certificates the CA revoked while they were recorded active here (its CRL said so, and the import revoked them), and certificates the department recorded as revoked that no CRL of their issuer lists more than `days` working days later, although the CA has issued a CRL since (the revocation request may never have reached the CA). Also the serials the CA's CRLs list that the registry does not hold. Admins and auditors.",
  middleware: [auditors()] as const,
  request: {
    query: z.object({
      days: z.coerce.number().int().min(0).max(60).default(3).openapi({
        description: 'Working days the CA may take before a revocation shows on its CRL',
      }),
      limit: z.coerce.number().int().min(1).max(5000).default(1000),
      format: z.enum(['json', 'csv']).default('json'),
    }),
  },
  responses: {
    200: {
      ...json(Reconciliation, 'Both lists'),
      content: { ...json(Reconciliation, '').content, 'text/csv': { schema: z.string() } },
    },
    ...problems(400, 401, 403),
  },
})

const CSV_COLUMNS = [
  'Đối chiếu',
  'Số hiệu',
  'Tổ chức cấp',
  'Thuê bao',
  'Mã cơ quan',
  'Cơ quan',
  'Ngày thu hồi',
  'Lý do thu hồi',
  'CRL',
]

export const registerReconciliation = (api: App) =>
  api.openapi(route, async (c) => {
    const { days, limit, format } = c.req.valid('query')
    const now = new Date()
    const cutoff = workingDaysBefore(now, days).toISOString()
    const report: Reconciliation = {
      asOf: now.toISOString(),
      workingDays: days,
      ...(await reconciliation(c.env.DB, cutoff, limit)),
    }
    if (format === 'json') return c.json(report, 200)
    const line = (what: string, r: Reconciliation['notOnCrl'][number], crl = '') =>
      csvLine([
        what,
        r.serial,
        r.issuer,
        r.holderName,
        r.agency.code,
        r.agency.name,
        vnDateTime(r.revokedAt),
        r.reason?.cause ?? '',
        crl,
      ])
    const body = [
      csvLine(CSV_COLUMNS),
      ...report.revokedByCa.map((r) =>
        line(
          'CA đã thu hồi, sổ ghi còn hiệu lực',
          r,
          `${r.crl.number ? `số ${BigInt(`0x${r.crl.number}`)} ` : ''}ngày ${vnDateTime(r.crl.thisUpdate)}`
        )
      ),
      ...report.notOnCrl.map((r) => line('Sổ ghi đã thu hồi, CRL của CA chưa có', r)),
    ]
    return c.body(`\uFEFF${body.join('')}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="doi-chieu-ca-${now.toISOString().slice(0, 10)}.csv"`,
    })
  })
