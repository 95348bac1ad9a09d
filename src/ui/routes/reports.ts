import type { Context, Hono } from 'hono'
import type { AppEnv } from '../../env'
import { pageOf, query } from '../kit'
import { askedReport, reportPrint, reportsPage } from '../pages/reports'
import { render } from '../respond'

/**
 * The reports screens: on screen, as the sheet the department downloads (the API's own CSV,
 * for the same parent and period), and as the printable official report.
 */
export function registerReportPages(app: Hono<AppEnv>) {
  const page = (c: Context<AppEnv>) => pageOf(app, c)
  app.get('/console/reports', async (c) => render(c, await reportsPage(page(c))))
  app.get('/console/reports/print', async (c) => render(c, await reportPrint(page(c))))
  for (const [sheet, path, parent] of [
    ['agencies', '/reports/agencies', 'parentId'],
    ['requests', '/reports/requests', 'agencyId'],
  ] as const)
    app.get(`/console/reports/${sheet}.csv`, async (c) => {
      const p = page(c)
      const asked = await askedReport(p)
      if (asked.errors.length) return c.redirect(`/console/reports?${query(asked.q)}`, 303)
      const period = sheet === 'requests' ? asked.days : asked.period
      const answer = await p.api(
        'GET',
        `${path}?${query({ [parent]: asked.parentId, ...period, format: 'csv' })}`
      )
      if (answer.status !== 200) return c.redirect(`/console/reports?${query(asked.q)}`, 303)
      // The byte-order mark Excel needs to read UTF-8 (decoding the API's answer dropped it).
      return c.body(`\uFEFF${String(answer.body).replace(/^\uFEFF/, '')}`, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="bao-cao-${sheet}.csv"`,
      })
    })
}
