import { Csrf, Field, Flash } from '../components'
import { date } from '../format'
import { query, type Page } from '../kit'
import { Layout } from '../layout'

/** API keys (admins): the list, and a form that shows a new key once. */
export async function keysPage(
  p: Page,
  created?: { secret: string },
  errors: any[] = [],
  values: Record<string, string> = {}
) {
  const { t, c } = p
  const keys = await p.api('GET', '/keys')
  const csrf = c.get('session')?.csrf
  return (
    <Layout page={p} title={t('keys')} path="/console/keys">
      {created && (
        <Flash ok>
          {t('shownOnce')} <code class="secret">{created.secret}</code>
        </Flash>
      )}
      <form class="card" method="post" action="/console/keys">
        <Csrf token={csrf} />
        <div class="fields">
          <Field name="name" label={t('name')} value={values.name} errors={errors} required />
          <Field
            name="role"
            label={t('role')}
            value={values.role}
            errors={errors}
            options={[
              ['officer', 'officer'],
              ['auditor', 'auditor'],
              ['admin', 'admin'],
            ]}
          />
          <Field name="agencyId" label={t('agency')} value={values.agencyId} errors={errors} />
        </div>
        <p>
          <button type="submit">{t('create')}</button>
        </p>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">Prefix</th>
            <th scope="col">{t('status')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.body.items.map((k: any) => (
            <tr>
              <td>{k.name}</td>
              <td>{k.role}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>
                {k.revokedAt
                  ? `${t('revoked')} ${date(k.revokedAt)}`
                  : `${t('active')}${k.lastUsedAt ? ` (${date(k.lastUsedAt)})` : ''}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}

/** The audit log (admins and auditors), newest first, with the chain's verification. */
export async function auditPage(p: Page) {
  const { t, c } = p
  const q = c.req.query()
  const [page, verdict] = await Promise.all([
    p.api('GET', `/audit?${query({ cursor: q.cursor, limit: 100 })}`),
    p.api('GET', '/audit/verify'),
  ])
  return (
    <Layout page={p} title={t('audit')} path="/console/audit">
      <Flash ok={verdict.body.ok}>
        {verdict.body.ok
          ? p.lang === 'vi'
            ? `Chuỗi băm toàn vẹn (${verdict.body.checked} mục).`
            : `Hash chain intact (${verdict.body.checked} entries).`
          : `${p.lang === 'vi' ? 'Chuỗi băm bị phá vỡ tại mục' : 'Hash chain broken at entry'} ${verdict.body.firstBroken.seq}`}
      </Flash>
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('when')}</th>
            <th scope="col">Action</th>
            <th scope="col">Entity</th>
            <th scope="col">Principal</th>
          </tr>
        </thead>
        <tbody>
          {page.body.items.map((e: any) => (
            <tr>
              <td>{e.seq}</td>
              <td>{date(e.at)}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.entity} {e.entityId}
              </td>
              <td>{e.principal}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="pager">
        {page.body.nextCursor && (
          <a href={`/console/audit?cursor=${page.body.nextCursor}`}>{t('next')}</a>
        )}
      </div>
    </Layout>
  )
}
