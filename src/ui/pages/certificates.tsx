import { term } from '../../lib/messages'
import { Badge, Field, Pager } from '../components'
import { count, date, shownStatus } from '../format'
import { errorsOf, query, type Page } from '../kit'
import { Layout } from '../layout'
import { agencyNames, bySerial, nothingFound } from '../pick'

/** Every agency the principal may see, for filter pickers (a province has a few hundred). */
export async function agencyOptions(p: Page): Promise<[string, string][]> {
  const options: [string, string][] = []
  let cursor: string | null = null
  for (let i = 0; i < 10; i++) {
    const page: any = await p.api('GET', `/agencies?${query({ limit: 200, cursor })}`)
    options.push(...page.body.items.map((a: any) => [a.id, a.name] as [string, string]))
    cursor = page.body.nextCursor
    if (!cursor) break
  }
  return options
}

/** The certificate list with the API's filters, diacritic-insensitive search and paging. */
export async function certificateList(p: Page) {
  const { t, c } = p
  // Opened without a question, the list shows what needs attention: expiring within 60 days,
  // soonest first. Any filter sent (even "all") is taken as asked.
  const asked = c.req.query()
  const q = Object.keys(asked).length ? asked : { status: 'expiring', days: '60' }
  // A device is named by the serial printed on it.
  const device = q.device ? await bySerial(p, '/devices', q.device) : undefined
  const filters = {
    agencyId: q.agencyId,
    // An agency with its units, unless asked for the agency alone (as the dashboard counts it).
    subtree: q.agencyId ? (q.subtree === 'false' ? 'false' : 'true') : undefined,
    kind: q.kind,
    status: q.status,
    days: q.status === 'expiring' ? q.days || '30' : undefined,
    q: q.q,
    deviceId: device?.id,
    issuerId: q.issuerId,
    sort: q.sort,
    cursor: q.cursor,
    limit: 50,
  }
  const [page, agencies, issuers] = await Promise.all([
    q.device && !device
      ? { status: 404, body: { errors: [{ path: 'device', message: nothingFound(p, q.device) }] } }
      : p.api('GET', `/certificates?${query({ ...filters, count: 'true' })}`),
    agencyOptions(p),
    p.api('GET', '/issuers?limit=100'),
  ])
  const errors = page.status === 200 ? [] : errorsOf(page)
  // The pages before this one, as the cursors that opened them ('' the first): paging back
  // without the API paging backwards.
  const back = q.back ? q.back.split(',') : []
  const same = { ...filters, deviceId: undefined, device: q.device, limit: undefined }
  const items: any[] = page.status === 200 ? page.body.items : []
  const names = await agencyNames(
    p,
    items.map((i) => i.agencyId)
  )
  return (
    <Layout page={p} title={t('certificates')} path="/console/certificates">
      {c.get('principal').role === 'admin' && (
        <p>
          <a class="button" href="/console/certificates/new">
            {p.lang === 'vi'
              ? 'Ghi nhận chứng thư số từ tệp'
              : 'Record a certificate from its file'}
          </a>
        </p>
      )}
      <form class="card" method="get" action="/console/certificates">
        <div class="fields">
          <Field
            name="agencyId"
            label={t('agency')}
            value={q.agencyId}
            options={[['', t('all')], ...agencies]}
            errors={errors}
          />
          <Field
            name="subtree"
            label={t('units')}
            value={q.subtree === 'false' ? 'false' : 'true'}
            options={[
              ['true', t('withUnits')],
              ['false', t('agencyAlone')],
            ]}
            errors={errors}
          />
          <Field
            name="kind"
            label={t('kind')}
            value={q.kind}
            options={[
              ['', t('all')],
              ['personal', t('personal')],
              ['organisation', t('organisation')],
              ['device_service', term('certificateKind', 'device_service', p.lang)],
            ]}
            errors={errors}
          />
          <Field
            name="status"
            label={t('status')}
            value={q.status}
            options={[
              ['', t('all')],
              ['active', t('active')],
              ['expiring', t('expiring')],
              ['expired', t('expired')],
              ['revoked', t('revoked')],
              ['not_yet_valid', t('not_yet_valid')],
              ['on_hold', t('on_hold')],
            ]}
            errors={errors}
          />
          <Field
            name="days"
            label={`${t('expiring')} ${t('within')}`}
            type="number"
            value={q.days ?? '30'}
            errors={errors}
            attrs={{ min: '0', max: '3650' }}
          />
          <Field name="q" label={t('search')} value={q.q} errors={errors} />
          <Field name="device" label={t('deviceSerial')} value={q.device} errors={errors} />
          <Field
            name="issuerId"
            label={t('issuerName')}
            value={q.issuerId}
            options={[
              ['', t('all')],
              ...(issuers.body?.items ?? []).map((i: any) => [i.id, i.name] as [string, string]),
            ]}
            errors={errors}
          />
          <Field
            name="sort"
            label={t('sortBy')}
            value={q.sort}
            options={[
              ['notAfter', t('sortExpiry')],
              ['name', t('sortName')],
              ['agency', t('sortAgency')],
            ]}
            errors={errors}
          />
        </div>
        <p>
          <button type="submit">{t('filter')}</button>
        </p>
      </form>
      {page.status === 200 && (
        <p class="total">
          {t('total')}: {page.body.totalCapped ? `${t('moreThan')} ` : ''}
          {count(page.body.total)}
        </p>
      )}
      {items.length === 0 ? (
        <p>{t('noResults')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('holder')}</th>
              <th scope="col">{t('serial')}</th>
              <th scope="col">{t('agency')}</th>
              <th scope="col" class="optional">
                {t('kind')}
              </th>
              <th scope="col">{t('notAfter')}</th>
              <th scope="col" class="num optional">
                {t('daysLeft')}
              </th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((cert) => (
              <tr>
                <td>
                  <a href={`/console/certificates/${cert.id}`}>
                    {/CN=([^,]+)/.exec(cert.subject)?.[1] ?? cert.subject}
                  </a>
                </td>
                <td>
                  <code>{cert.serial}</code>
                </td>
                <td>{names.get(cert.agencyId)}</td>
                <td class="optional">{t(cert.kind)}</td>
                <td>{date(cert.notAfter)}</td>
                <td class="num optional">{cert.status === 'revoked' ? '—' : cert.daysLeft}</td>
                <td>
                  <Badge
                    status={shownStatus(cert.status, cert.daysLeft)}
                    label={t(shownStatus(cert.status, cert.daysLeft) as 'active')}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a
          href={`/api/v1/exports/certificates.csv?${query({ ...filters, cursor: undefined, limit: undefined, sort: undefined })}`}
          download
        >
          {t('exportCsv')}
        </a>{' '}
        ·{' '}
        <a
          href={`/api/v1/exports/certificates.xlsx?${query({ ...filters, cursor: undefined, limit: undefined, sort: undefined })}`}
          download
        >
          {t('exportXlsx')}
        </a>
      </p>
      <Pager
        t={t}
        path="/console/certificates"
        same={same}
        cursor={q.cursor}
        back={back}
        next={page.body?.nextCursor}
        shown={items.length > 0}
      />
    </Layout>
  )
}

/** Some certificates as a short table: serial (linked), kind, validity, status. */
export function CertificateTable({ p, items }: { p: Page; items: any[] }) {
  const { t } = p
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('serial')}</th>
            <th scope="col">{t('kind')}</th>
            <th scope="col">{t('validity')}</th>
            <th scope="col">{t('status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((x) => (
            <tr>
              <td>
                <a href={`/console/certificates/${x.id}`}>{x.serial}</a>
              </td>
              <td>{term('certificateKind', x.kind, p.lang)}</td>
              <td>
                {date(x.notBefore)} – {date(x.notAfter)}
              </td>
              <td>
                <Badge status={x.status} label={term('certificateStatus', x.status, p.lang)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
