import { createRoute, z } from '@hono/zod-openapi'
import { AgencyReport, PeriodQuery, type Summary } from '../../../schemas/report'
import { readers } from '../../auth/principal'
import { assertVisible, scopeOf } from '../../auth/scope'
import type { App } from '../../env'
import { sheetAnswer } from '../../http/sheet'
import { XLSX_TYPE } from '../../lib/xlsx'
import { json, problems } from '../../http/openapi'
import { requireAgency } from '../lookups'
import { keptAgencyReport, sayAge } from './figures'

const route = createRoute({
  method: 'get',
  path: '/reports/agencies',
  tags: ['Reports'],
  summary:
    'The summary for each agency below a parent, each rolled up over its own subtree (JSON or CSV)',
  description:
    "What a department sends upward: per agency (the province's departments and communes, or a department's units), certificates by kind and status, devices, coverage, revocations by reason, new issues, renewals and re-issues in the period, notices. Every active agency below the parent (without one: each top-level agency), computed together and kept like the summary (`asOf`, `Age`, an admin's `Cache-Control: no-cache`). format=csv for the spreadsheet, format=xlsx for an Excel workbook.",
  middleware: [readers()] as const,
  request: {
    query: PeriodQuery.extend({
      parentId: z.string().optional(),
      format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    }),
  },
  responses: {
    200: {
      ...json(AgencyReport, 'One row per agency'),
      content: {
        ...json(AgencyReport, '').content,
        'text/csv': { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...problems(400, 401, 403, 404),
  },
})

const CSV_COLUMNS = [
  'Mã cơ quan',
  'Cơ quan',
  'CTS cá nhân còn hiệu lực',
  'CTS tổ chức còn hiệu lực',
  'CTS thiết bị, dịch vụ còn hiệu lực',
  'Hết hạn trong 30 ngày',
  'Hết hạn trong 60 ngày',
  'Đã hết hạn',
  'Đã thu hồi',
  'Thu hồi trong kỳ',
  'Cấp mới trong kỳ',
  'Gia hạn trong kỳ',
  'Cấp lại thay thế trong kỳ',
  'Thiết bị',
  'Cơ quan có CTS tổ chức (%)',
]
const all = (s: Summary, f: keyof Summary['certificates']['personal']) =>
  s.certificates.personal[f] + s.certificates.organisation[f] + s.certificates.device_service[f]

export const registerAgencyReport = (api: App) =>
  api.openapi(route, async (c) => {
    const { parentId, from, to, format } = c.req.valid('query')
    const principal = c.get('principal')
    const now = new Date()
    // An officer's report starts at their own agency; nobody sees rows outside their scope.
    const parent = parentId ?? scopeOf(principal)
    if (parent) await assertVisible(c, 'agency', parent, (await requireAgency(c.env.DB, parent)).id)
    const report = await keptAgencyReport(c, now, parent, { from, to })
    sayAge(c, now, report.asOf)
    if (format !== 'json')
      return sheetAnswer(
        c,
        format,
        `bao-cao-${now.toISOString().slice(0, 10)}`,
        CSV_COLUMNS,
        report.rows.map((r) => [
          r.agency.code,
          r.agency.name,
          r.certificates.personal.active,
          r.certificates.organisation.active,
          r.certificates.device_service.active,
          all(r, 'expiring30'),
          all(r, 'expiring60'),
          all(r, 'expired'),
          all(r, 'revoked'),
          Object.values(r.period.revocationsByReason).reduce((a, b) => a + b, 0),
          r.period.issued,
          r.period.renewals,
          r.period.reissues,
          Object.values(r.devices).reduce((a, b) => a + b, 0),
          r.agencies.coveragePercent,
        ])
      )
    return c.json(report, 200)
  })
