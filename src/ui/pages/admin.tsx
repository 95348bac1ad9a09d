import { Csrf, Field, Flash } from '../components'
import { term } from '../../lib/messages'
import { date, dateTime } from '../format'
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
  const keys = { body: await p.get('/keys') }
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
  // The chain is verified when asked (a button), not on every view: it reads the log since the
  // last anchor.
  const [page, verdict] = await Promise.all([
    p.get(`/audit?${query({ cursor: q.cursor, limit: 100 })}`).then((body) => ({ body })),
    q.verify ? p.get('/audit/verify').then((body) => ({ body })) : null,
  ])
  return (
    <Layout page={p} title={t('audit')} path="/console/audit">
      {verdict ? (
        <Flash ok={verdict.body.ok}>
          {verdict.body.ok
            ? `${t('chainIntact')} (${verdict.body.checked} ${p.lang === 'vi' ? 'mục kể từ mốc neo gần nhất' : 'entries since the latest anchor'}).`
            : `${t('chainBroken')} #${verdict.body.problem.seq}: ${t(`break.${verdict.body.problem.reason}` as any)}.`}
        </Flash>
      ) : (
        <form method="get" action="/console/audit">
          <input type="hidden" name="verify" value="1" />
          <button type="submit">{t('verifyChain')}</button>
        </form>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('when')}</th>
            <th scope="col">{t('auditAction')}</th>
            <th scope="col">{t('auditEntity')}</th>
            <th scope="col">{t('auditPrincipal')}</th>
          </tr>
        </thead>
        <tbody>
          {page.body.items.map((e: any) => (
            <tr>
              <td>{e.seq}</td>
              <td>{dateTime(e.at)}</td>
              <td>
                {term('auditAction', e.action, p.lang)} <code>{e.action}</code>
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
