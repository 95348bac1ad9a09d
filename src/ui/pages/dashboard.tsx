import { count, date } from '../format'
import type { Page } from '../kit'
import { Layout } from '../layout'

/** Expiries per month as a bar chart, drawn on the server (no script needed to see it). */
function MonthChart({
  months,
  title,
}: {
  months: { month: string; count: number }[]
  title: string
}) {
  const max = Math.max(1, ...months.map((m) => m.count))
  const w = 720
  const h = 220
  const bar = (w - 40) / months.length
  return (
    <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-labelledby="chart-title" width="100%">
      <title id="chart-title">{title}</title>
      {months.map((m, i) => {
        const height = Math.round((m.count / max) * (h - 60))
        const x = 30 + i * bar
        return (
          <g>
            <rect x={x + 4} y={h - 30 - height} width={bar - 8} height={height} fill="#0b4f8a">
              <title>{`${m.month}: ${count(m.count)}`}</title>
            </rect>
            <text x={x + bar / 2} y={h - 30 - height - 4} text-anchor="middle">
              {count(m.count)}
            </text>
            <text x={x + bar / 2} y={h - 10} text-anchor="middle">
              {`${m.month.slice(5)}/${m.month.slice(2, 4)}`}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

/** The dashboard: the figures a department reports, the next year's expiries, and by agency. */
export async function dashboard(p: Page) {
  const { t, c } = p
  const [summary, expiries] = await Promise.all([
    p.api('GET', '/reports/summary'),
    p.api('GET', '/reports/expiries'),
  ])
  const s = summary.body
  const activity =
    c.get('principal').role === 'admin' ? (await p.api('GET', '/reports/activity')).body : null
  const figure = (value: number, label: string, href?: string) => (
    <div class="figure">
      <b>{count(value)}</b>
      <span>{href ? <a href={href}>{label}</a> : label}</span>
    </div>
  )
  return (
    <Layout page={p} title={t('dashboard')} path="/console">
      <div class="figures">
        {figure(
          s.certificates.personal.active,
          `${t('certificates')} ${t('personal').toLowerCase()}`,
          '/console/certificates?kind=personal&status=active'
        )}
        {figure(
          s.certificates.organisation.active,
          `${t('certificates')} ${t('organisation').toLowerCase()}`,
          '/console/certificates?kind=organisation&status=active'
        )}
        {figure(
          s.certificates.personal.expiring30 + s.certificates.organisation.expiring30,
          t('within30'),
          '/console/certificates?status=expiring&days=30'
        )}
        {figure(
          s.certificates.personal.expiring60 + s.certificates.organisation.expiring60,
          t('within60'),
          '/console/certificates?status=expiring&days=60'
        )}
        {figure(
          Object.values(s.devices as Record<string, number>).reduce((a, b) => a + b, 0),
          t('devices'),
          '/console/devices'
        )}
        <div class="figure">
          <b>{s.agencies.coveragePercent.toLocaleString('vi-VN')} %</b>
          <span>
            {t('coverage')} ({count(s.agencies.withOrganisationCertificate)}/
            {count(s.agencies.active)})
          </span>
        </div>
      </div>
      {activity && (
        <section class="card" aria-labelledby="activity-title">
          <h2 id="activity-title">
            {p.lang === 'vi' ? 'Hoạt động 7 ngày qua' : 'Activity, last 7 days'}
          </h2>
          <p>
            {p.lang === 'vi' ? 'Nhắc hạn đã tạo' : 'Notices created'}:{' '}
            {count(activity.noticesCreated)} · {p.lang === 'vi' ? 'đã gửi' : 'sent'}:{' '}
            {count(activity.noticesSent)} · {p.lang === 'vi' ? 'gửi lỗi' : 'failed'}:{' '}
            {count(activity.noticesFailed)} · {p.lang === 'vi' ? 'lần nhập bảng tính' : 'imports'}:{' '}
            {count(activity.imports)} ({count(activity.importedRows)}{' '}
            {p.lang === 'vi' ? 'dòng' : 'rows'})
          </p>
          <p>
            {p.lang === 'vi' ? 'Quét nhắc hạn gần nhất' : 'Last expiry scan'}:{' '}
            {activity.lastExpiryScan ? date(activity.lastExpiryScan) : '—'} ·{' '}
            {p.lang === 'vi' ? 'Sao lưu gần nhất' : 'Last backup'}:{' '}
            {activity.lastBackup ? date(activity.lastBackup) : '—'}
          </p>
        </section>
      )}
      <h2>{t('expiriesByMonth')}</h2>
      <MonthChart months={expiries.body.months} title={t('expiriesByMonth')} />
      <h2>{t('byAgency')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('agency')}</th>
            <th scope="col" class="num">
              {t('within30')}
            </th>
            <th scope="col" class="num">
              {t('within60')}
            </th>
          </tr>
        </thead>
        <tbody>
          {expiries.body.agencies.map((a: any) => (
            <tr>
              <td>
                <a
                  href={`/console/certificates?agencyId=${a.id}&subtree=false&status=expiring&days=60`}
                >
                  {a.name}
                </a>
              </td>
              <td class="num">{count(a.within30)}</td>
              <td class="num">{count(a.within60)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}
