import { REASONS } from '../../domain/reasons'
import { say, term } from '../../lib/messages'
import { vnDate } from '../../lib/time'
import { Field, Flash } from '../components'
import { count, date, typedDay, typedDayStart } from '../format'
import { errorsOf, query, type FieldError, type Page } from '../kit'
import { Layout } from '../layout'
import { candidates, PickField, resolvePick } from '../pick'

const words = (p: Page) =>
  p.lang === 'vi'
    ? {
        title: 'Báo cáo',
        parent: 'Cơ quan (để trống: toàn tỉnh)',
        from: 'Từ ngày (dd/mm/yyyy)',
        to: 'Đến ngày (dd/mm/yyyy)',
        show: 'Xem báo cáo',
        period: 'Kỳ báo cáo',
        agency: 'Cơ quan, đơn vị',
        personal: 'CTS cá nhân còn hiệu lực',
        organisation: 'CTS tổ chức còn hiệu lực',
        deviceService: 'CTS thiết bị, dịch vụ còn hiệu lực',
        expiring30: 'Hết hạn trong 30 ngày',
        issued: 'Cấp mới trong kỳ',
        renewals: 'Gia hạn trong kỳ',
        reissues: 'Cấp lại, thay thế trong kỳ',
        revoked: 'Thu hồi trong kỳ',
        devices: 'Thiết bị lưu khóa',
        coverage: 'Có CTS tổ chức',
        total: 'Tổng cộng',
        byCause: 'Thu hồi trong kỳ theo lý do',
        cause: 'Lý do (Nghị định 68/2024/NĐ-CP)',
        number: 'Số lượng',
        requests: 'Yêu cầu gửi Ban Cơ yếu Chính phủ trong kỳ',
        kind: 'Loại yêu cầu',
        drafted: 'Đã lập',
        sent: 'Đã gửi CA',
        done: 'Hoàn thành',
        refused: 'Bị từ chối',
        overdue: 'Đang quá hạn',
        turnaround: 'Thời gian CA xử lý (ngày làm việc: trung vị / lâu nhất)',
        csv: 'Tải bảng tính (CSV)',
        csvRequests: 'Tải bảng yêu cầu (CSV)',
        xlsx: 'Tải Excel (.xlsx)',
        xlsxRequests: 'Tải bảng yêu cầu (Excel)',
        print: 'Bản in báo cáo',
        none: 'Không có số liệu.',
        printIt: 'In báo cáo',
        itself: '(trực tiếp, và các đơn vị đã sáp nhập, giải thể)',
      }
    : {
        title: 'Reports',
        parent: 'Agency (empty: the whole province)',
        from: 'From (dd/mm/yyyy)',
        to: 'To (dd/mm/yyyy)',
        show: 'Show the report',
        period: 'Period',
        agency: 'Agency',
        personal: 'Personal certificates active',
        organisation: 'Organisation certificates active',
        deviceService: 'Device and service certificates active',
        expiring30: 'Expiring within 30 days',
        issued: 'New issues in the period',
        renewals: 'Renewals in the period',
        reissues: 'Re-issues in the period',
        revoked: 'Revoked in the period',
        devices: 'Signing devices',
        coverage: 'With a seal certificate',
        total: 'Total',
        byCause: 'Revocations in the period by cause',
        cause: 'Cause (Decree 68/2024/ND-CP)',
        number: 'Number',
        requests: 'Requests to the Government Cipher Committee in the period',
        kind: 'Request kind',
        drafted: 'Drafted',
        sent: 'Sent to the CA',
        done: 'Done',
        refused: 'Refused',
        overdue: 'Overdue now',
        turnaround: 'CA turnaround (working days: median / worst)',
        csv: 'Download the sheet (CSV)',
        csvRequests: 'Download the requests (CSV)',
        xlsx: 'Download Excel (.xlsx)',
        xlsxRequests: 'Download the requests (Excel)',
        print: 'Printable report',
        none: 'No figures.',
        printIt: 'Print the report',
        itself: '(itself, and units merged or dissolved)',
      }

type Row = {
  agency: { id: string; code: string; name: string }
  certificates: Record<
    'personal' | 'organisation' | 'device_service',
    { active: number; expiring30: number }
  >
  devices: Record<string, number>
  agencies: { coveragePercent: number; active: number; withOrganisationCertificate: number }
  period: {
    from: string
    to: string
    revocationsByReason: Record<string, number>
    issued: number
    renewals: number
    reissues: number
  }
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0)

/** The figures a row shows, in the order of the table's columns. */
const figuresOf = (r: Row) => [
  r.certificates.personal.active,
  r.certificates.organisation.active,
  r.certificates.device_service.active,
  r.certificates.personal.expiring30 +
    r.certificates.organisation.expiring30 +
    r.certificates.device_service.expiring30,
  r.period.issued,
  r.period.renewals,
  r.period.reissues,
  sum(r.period.revocationsByReason),
  sum(r.devices),
]

/** The last moment of a typed day in Vietnam. */
const typedDayEnd = (text?: string) => {
  const day = typedDay(text)
  return day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T23:59:59.999+07:00` : day
}

/** What the report is asked for: the parent picked by name, and the period typed dd/mm/yyyy. */
export async function askedReport(p: Page) {
  const q = p.c.req.query()
  const errors: FieldError[] = []
  let parentId: string | undefined
  if (q.agency) {
    const parent = await resolvePick(p, 'agency', 'agency', q.agency)
    if ('error' in parent) errors.push(parent.error)
    else parentId = parent.id
  } else {
    // The whole province: its departments and communes, one row each (a registry with several
    // top-level agencies shows those instead).
    const roots = await p.api('GET', '/agencies?roots=true&limit=2')
    if (roots.body?.items?.length === 1) parentId = roots.body.items[0].id
  }
  // A period that ends before it starts is a mistake in typing, not an empty report.
  const [from, to] = [typedDay(q.from), typedDay(q.to)]
  if (from && to && /^\d{4}-\d\d-\d\d$/.test(from) && /^\d{4}-\d\d-\d\d$/.test(to) && to < from)
    errors.push({ path: 'to', message: say('period-reversed', {}, p.lang) })
  return {
    q,
    errors,
    parentId,
    /** As instants (the certificate figures), the whole of both days in Vietnam. */
    period: { from: typedDayStart(q.from), to: typedDayEnd(q.to) },
    /** As days (the requests' working-day figures). */
    days: { from: typedDay(q.from), to: typedDay(q.to) },
  }
}

/**
 * The report a department sends upward, read once for the screen, the sheet and the print:
 * per agency below a parent (picked by name; none: each top-level agency), for a period typed
 * dd/mm/yyyy; the summary of the whole; revocations by ND 68 cause; requests to the CA.
 */
export async function loadReport(p: Page) {
  const { q, errors, parentId, period, days } = await askedReport(p)
  const [agencies, summary, requests] = errors.length
    ? []
    : await Promise.all([
        p.api('GET', `/reports/agencies?${query({ parentId, ...period })}`),
        p.api('GET', `/reports/summary?${query({ agencyId: parentId, ...period })}`),
        p.api('GET', `/reports/requests?${query({ agencyId: parentId, ...days })}`),
      ])
  for (const answer of [agencies, summary, requests])
    if (answer && answer.status !== 200) errors.push(...errorsOf(answer))
  const ok = !errors.length && agencies?.status === 200 && summary?.status === 200
  return {
    q,
    parentId,
    period,
    days,
    errors,
    problem: ok ? undefined : (agencies?.body?.detail ?? summary?.body?.detail),
    rows: ok ? (agencies!.body.rows as Row[]) : [],
    parentName: parentId
      ? ((await p.api('GET', `/agencies/${encodeURIComponent(parentId)}`)).body?.name as string)
      : undefined,
    whole: ok ? (summary!.body as Row) : undefined,
    requests: requests?.status === 200 ? (requests.body.rows as any[]) : [],
  }
}
type Report = Awaited<ReturnType<typeof loadReport>>

/** The per-agency table, with a total row from the summary of the whole. */
function AgencyTable({ p, report }: { p: Page; report: Report }) {
  const w = words(p)
  const heads = [
    w.personal,
    w.organisation,
    w.deviceService,
    w.expiring30,
    w.issued,
    w.renewals,
    w.reissues,
    w.revoked,
    w.devices,
  ]
  // What the parent holds itself, outside its units: the whole less its units' rows.
  const whole = report.whole && figuresOf(report.whole)
  const rest = whole?.map((n, i) => n - report.rows.reduce((a, r) => a + figuresOf(r)[i], 0))
  // (Besides the agency itself, units merged or dissolved keep their history under it; a line
  // that would be negative, a unit counted under its successor elsewhere too, is not shown.)
  const own =
    report.parentName && rest?.some((n) => n !== 0) && rest.every((n) => n >= 0)
      ? { name: `${report.parentName} ${w.itself}`, figures: rest }
      : null
  return (
    <table class="report">
      <thead>
        <tr>
          <th scope="col">{w.agency}</th>
          {heads.map((h) => (
            <th scope="col" class="num">
              {h}
            </th>
          ))}
          <th scope="col" class="num">
            {w.coverage}
          </th>
        </tr>
      </thead>
      <tbody>
        {own && (
          <tr>
            <th scope="row">{own.name}</th>
            {own.figures.map((n) => (
              <td class="num">{count(n)}</td>
            ))}
            <td class="num">—</td>
          </tr>
        )}
        {report.rows.map((r) => (
          <tr>
            <th scope="row">
              <a href={`/console/agencies/${r.agency.id}`}>{r.agency.name}</a>
            </th>
            {figuresOf(r).map((n) => (
              <td class="num">{count(n)}</td>
            ))}
            <td class="num">{`${r.agencies.coveragePercent.toLocaleString('vi-VN')} %`}</td>
          </tr>
        ))}
      </tbody>
      {report.whole && (
        <tfoot>
          <tr>
            <th scope="row">{w.total}</th>
            {figuresOf(report.whole).map((n) => (
              <td class="num">
                <strong>{count(n)}</strong>
              </td>
            ))}
            <td class="num">
              <strong>{`${report.whole.agencies.coveragePercent.toLocaleString('vi-VN')} %`}</strong>
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  )
}

/** Revocations in the period by cause: ND 68's words, with the RFC 5280 code. */
function CauseTable({ p, report }: { p: Page; report: Report }) {
  const w = words(p)
  const by = report.whole?.period.revocationsByReason ?? {}
  const codes = Object.keys(by).filter((code) => by[code] > 0)
  if (!codes.length) return <p>{w.none}</p>
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{w.cause}</th>
          <th scope="col" class="num">
            {w.number}
          </th>
        </tr>
      </thead>
      <tbody>
        {codes.map((code) => {
          const reason = REASONS[Number(code) as keyof typeof REASONS]
          return (
            <tr>
              <td>
                {reason ? (p.lang === 'vi' ? reason.cause : reason.causeEn) : code} ({code})
              </td>
              <td class="num">{count(by[code])}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** Requests to the CA by agency and kind: how many, how fast the CA answered, how many late. */
function RequestTable({ p, report }: { p: Page; report: Report }) {
  const w = words(p)
  if (!report.requests.length) return <p>{w.none}</p>
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{w.agency}</th>
          <th scope="col">{w.kind}</th>
          {[w.drafted, w.sent, w.done, w.refused, w.overdue].map((h) => (
            <th scope="col" class="num">
              {h}
            </th>
          ))}
          <th scope="col" class="num">
            {w.turnaround}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.requests.map((r) => (
          <tr>
            <td>{r.agency.name}</td>
            <td>{term('requestKind', r.kind, p.lang)}</td>
            {[r.drafted, r.sent, r.done, r.refused, r.overdueNow].map((n) => (
              <td class="num">{count(n)}</td>
            ))}
            <td class="num">
              {r.turnaround ? `${r.turnaround.median} / ${r.turnaround.worst}` : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The period the figures cover, as dd/mm/yyyy – dd/mm/yyyy. */
const periodOf = (report: Report) =>
  report.whole ? `${date(report.whole.period.from)} – ${date(report.whole.period.to)}` : ''

/** The reports page: pick the parent and period, read on screen, download the sheet, print. */
export async function reportsPage(p: Page) {
  const w = words(p)
  const report = await loadReport(p)
  const { q } = report
  const asked = query({ agency: q.agency, from: q.from, to: q.to })
  return (
    <Layout page={p} title={w.title} path="/console/reports">
      <form class="card" method="get" action="/console/reports">
        <div class="fields">
          <PickField
            name="agency"
            label={w.parent}
            kind="agency"
            value={q.agency}
            options={await candidates(p, 'agency', q.agency ?? '')}
            errors={report.errors}
          />
          <Field
            name="from"
            label={w.from}
            value={q.from}
            errors={report.errors}
            attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
          />
          <Field
            name="to"
            label={w.to}
            value={q.to}
            errors={report.errors}
            attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
          />
        </div>
        <p>
          <button type="submit">{w.show}</button>
        </p>
      </form>
      {report.problem && <Flash ok={false}>{report.problem}</Flash>}
      {report.whole && (
        <>
          <p>
            {w.period}: {periodOf(report)} ·{' '}
            <a href={`/console/reports/agencies.csv?${asked}`}>{w.csv}</a> ·{' '}
            <a href={`/console/reports/requests.csv?${asked}`}>{w.csvRequests}</a> ·{' '}
            <a
              href={`/api/v1/reports/agencies?${query({ parentId: report.parentId, ...report.period, format: 'xlsx' })}`}
              download
            >
              {w.xlsx}
            </a>{' '}
            ·{' '}
            <a
              href={`/api/v1/reports/requests?${query({ agencyId: report.parentId, ...report.days, format: 'xlsx' })}`}
              download
            >
              {w.xlsxRequests}
            </a>{' '}
            · <a href={`/console/reports/print?${asked}`}>{w.print}</a>
          </p>
          <div class="scroll" tabindex={0} role="region" aria-label={w.title}>
            <AgencyTable p={p} report={report} />
          </div>
          <h2>{w.byCause}</h2>
          <CauseTable p={p} report={report} />
          <h2>{w.requests}</h2>
          <div class="scroll" tabindex={0} role="region" aria-label={w.requests}>
            <RequestTable p={p} report={report} />
          </div>
        </>
      )}
    </Layout>
  )
}

/**
 * The report laid out to be signed and sent: the province and reporting agency on the left, the
 * national motto on the right, place and date, the title and period, the tables, and the
 * signature blocks of the one who drew it up and the head of the agency. Every line can be
 * corrected on the page before printing.
 */
export async function reportPrint(p: Page) {
  const report = await loadReport(p)
  if (!report.whole) return reportsPage(p)
  const w = words(p)
  const roots = (await p.api('GET', '/agencies?roots=true&limit=5')).body?.items ?? []
  const province = roots.find((a: any) => a.kind === 'province') ?? roots[0]
  // The reporting agency: the one picked (its name read with the report), else left to fill in.
  const own = report.q.agency ? report.parentName : undefined
  const [day, month, year] = vnDate(new Date()).split('/')
  const dots = '………………'
  return (
    <Layout page={p} title={w.title} path="/console/reports">
      <article class="record" contenteditable spellcheck={false}>
        <div class="form-head">
          <p>
            {province?.name.toUpperCase() ?? dots}
            <br />
            <strong>{own?.toUpperCase() ?? dots}</strong>
            <br />
            Số: {dots}
          </p>
          <p>
            <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
            <br />
            <strong>Độc lập - Tự do - Hạnh phúc</strong>
            <br />
            <em>
              {dots}, ngày {day} tháng {month} năm {year}
            </em>
          </p>
        </div>
        <h2 class="record-title">
          BÁO CÁO
          <br />
          Tình hình quản lý, sử dụng chứng thư chữ ký số chuyên dùng công vụ
        </h2>
        <p class="addressee">
          Kỳ báo cáo: {periodOf(report)}. Số chứng thư số, thiết bị hiện có tính đến ngày lập báo
          cáo ({date(new Date().toISOString())}); cấp mới, gia hạn, thu hồi tính trong kỳ.
        </p>
        <AgencyTable p={p} report={report} />
        <h3>{w.byCause}</h3>
        <CauseTable p={p} report={report} />
        <h3>{w.requests}</h3>
        <RequestTable p={p} report={report} />
        <div class="signatures">
          <p>
            <strong>NGƯỜI LẬP BIỂU</strong>
            <br />
            <em>(Ký, ghi rõ họ tên)</em>
          </p>
          <p>
            <strong>THỦ TRƯỞNG CƠ QUAN</strong>
            <br />
            <em>(Ký, ghi rõ họ tên, đóng dấu)</em>
          </p>
        </div>
      </article>
      <p class="no-print">
        <button type="button" data-print>
          {w.printIt}
        </button>
      </p>
    </Layout>
  )
}
