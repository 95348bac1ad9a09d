import { createRoute, z } from '@hono/zod-openapi'
import { sheetAnswer } from '../../http/sheet'
import { XLSX_TYPE } from '../../lib/xlsx'
import { Day } from '../../../schemas/request'
import { readers } from '../../auth/principal'
import { scopeOf } from '../../auth/scope'
import { subtreeOf } from '../../db/query'
import type { WorkingCalendar } from '../../domain/calendar'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { term } from '../../lib/messages'
import { vnYmd } from '../../lib/time'
import { languageOf } from '../../domain/status'
import { workingCalendar } from '../../db/requests'

const Row = z.object({
  agency: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  kind: z.string(),
  drafted: z.number().int(),
  sent: z.number().int(),
  done: z.number().int(),
  refused: z.number().int(),
  overdueNow: z.number().int(),
  turnaround: z.object({ median: z.number(), worst: z.number() }).nullable().openapi({
    description: 'Working days from sending to the CA to its answer (done or refused)',
  }),
})

const route = createRoute({
  method: 'get',
  path: '/reports/requests',
  tags: ['Reports'],
  summary: 'Requests by agency and kind in a period, the CA’s turnaround in working days, overdue',
  middleware: [readers()] as const,
  request: {
    query: z.object({
      from: Day.optional(),
      to: Day.optional(),
      agencyId: z.string().optional(),
      format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    }),
  },
  responses: {
    200: {
      description: 'The report',
      content: {
        ...json(z.object({ from: z.string(), to: z.string(), rows: z.array(Row) }), '').content,
        'text/csv': { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...problems(400, 401, 403),
  },
})

interface Line {
  id: string
  code: string
  name: string
  kind: string
  state: string
  sent_at: string | null
  done_at: string | null
  updated_at: string
  due_day: string | null
}

/** The median and the worst of some numbers (null for none). */
const spread = (days: number[]) => {
  if (!days.length) return null
  const sorted = [...days].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median, worst: sorted[sorted.length - 1] }
}

/** The rows of the report: one per agency and kind that had a request drafted in the period. */
export function requestRows(lines: Line[], calendar: WorkingCalendar, today: string) {
  const groups = new Map<string, Line[]>()
  for (const l of lines) {
    const key = `${l.id} ${l.kind}`
    groups.set(key, [...(groups.get(key) ?? []), l])
  }
  return [...groups.values()].map((group) => {
    const [first] = group
    const answered = group.filter((l) => l.sent_at && (l.state === 'done' || l.state === 'refused'))
    return {
      agency: { id: first.id, code: first.code, name: first.name },
      kind: first.kind,
      drafted: group.length,
      sent: group.filter((l) => l.sent_at).length,
      done: group.filter((l) => l.state === 'done').length,
      refused: group.filter((l) => l.state === 'refused').length,
      overdueNow: group.filter((l) => l.state === 'sent' && l.due_day && l.due_day < today).length,
      turnaround: spread(
        answered.map((l) =>
          calendar.workingDaysBetween(
            vnYmd(new Date(l.sent_at!)),
            vnYmd(new Date(l.done_at ?? l.updated_at))
          )
        )
      ),
    }
  })
}

export function registerRequestReport(api: App) {
  api.openapi(route, async (c) => {
    const q = c.req.valid('query')
    const today = vnYmd(new Date())
    const from = q.from ?? `${today.slice(0, 4)}-01-01`
    const to = q.to ?? today
    const params: unknown[] = [`${from}T00:00:00+07:00`, `${to}T23:59:59+07:00`]
    // Officers see their subtree only; an agency asked for narrows to its subtree (within scope).
    const within: string[] = []
    for (const root of [scopeOf(c.get('principal')), q.agencyId].filter(Boolean)) {
      params.push(root)
      within.push(`r.agency_id IN (${subtreeOf(`?${params.length}`)})`)
    }
    const { results } = await c.env.DB.prepare(
      `SELECT a.id, a.code, a.name, r.kind, r.state, r.sent_at, r.done_at, r.updated_at, r.due_day
       FROM requests r JOIN agencies a ON a.id = r.agency_id
       WHERE r.created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', ?1) AND r.created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', ?2)
         ${within.map((w) => `AND ${w}`).join(' ')}
       ORDER BY a.code, r.kind LIMIT 20000`
    )
      .bind(...params)
      .all<Line>()
    const rows = requestRows(results, await workingCalendar(c.env.DB), today)
    if (q.format !== 'json') {
      const lang = languageOf(c.req.header('accept-language'))
      const head =
        lang === 'vi'
          ? [
              'Mã cơ quan',
              'Cơ quan',
              'Loại yêu cầu',
              'Đã lập',
              'Đã gửi CA',
              'Hoàn thành',
              'CA từ chối',
              'Đang quá hạn',
              'Thời gian CA trả lời, trung vị (ngày làm việc)',
              'Lâu nhất (ngày làm việc)',
            ]
          : [
              'Agency code',
              'Agency',
              'Kind',
              'Drafted',
              'Sent',
              'Done',
              'Refused',
              'Overdue now',
              'CA turnaround, median (working days)',
              'Worst (working days)',
            ]
      return sheetAnswer(
        c,
        q.format,
        `yeu-cau-${from}-${to}`,
        head,
        rows.map((r) => [
          r.agency.code,
          r.agency.name,
          term('requestKind', r.kind, lang),
          r.drafted,
          r.sent,
          r.done,
          r.refused,
          r.overdueNow,
          r.turnaround?.median ?? null,
          r.turnaround?.worst ?? null,
        ])
      )
    }
    return c.json({ from, to, rows }, 200)
  })
}
