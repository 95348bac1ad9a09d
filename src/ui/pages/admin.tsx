import { Csrf, Field, Flash } from '../components'
import { term } from '../../lib/messages'
import { date, dateTime } from '../format'
import { query, type Page } from '../kit'
import { Layout } from '../layout'
import { agencyNames, candidates, PickField } from '../pick'
import type { FormState } from './certificate'
import type { Lang } from '../i18n'

const accessWords = (p: Page) =>
  p.lang === 'vi'
    ? {
        keys: 'Khóa truy cập (API key)',
        newKey: 'Tạo khóa truy cập',
        users: 'Người dùng đăng nhập bằng Cloudflare Access',
        newUser: 'Đăng ký người dùng',
        email: 'Thư điện tử',
        agencyHint:
          'Cán bộ cơ quan: gõ tên hoặc mã cơ quan rồi chọn; quản trị và kiểm tra: để trống',
        prefix: 'Tiền tố',
        lastUsed: 'dùng lần cuối',
        revoke: 'Thu hồi khóa',
        disable: 'Khóa người dùng',
        disabled: 'Đã khóa',
      }
    : {
        keys: 'Access keys (API keys)',
        newKey: 'Create an access key',
        users: 'People who sign in with Cloudflare Access',
        newUser: 'Register a person',
        email: 'E-mail',
        agencyHint:
          'Agency officers: type the agency’s name or code and pick it; admins and auditors: leave empty',
        prefix: 'Prefix',
        lastUsed: 'last used',
        revoke: 'Revoke the key',
        disable: 'Disable',
        disabled: 'Disabled',
      }

/**
 * Access (admins): API keys and Access users, each created with its role and, for an agency
 * officer, the agency picked by name; a new key is shown once; keys revoked, users disabled.
 */
export async function keysPage(p: Page, created?: { secret: string }, state: FormState = {}) {
  const { t, c } = p
  const w = accessWords(p)
  const [keys, users] = await Promise.all([p.get('/keys'), p.get('/users')])
  const names = await agencyNames(
    p,
    [...keys.items, ...users.items].map((x: any) => x.agencyId)
  )
  const csrf = c.get('session')?.csrf
  const values = state.values ?? {}
  const errs = (form: string) => (state.form === form ? state.errors : undefined)
  const typed = (form: string, name: string) => (state.form === form ? values[name] : '')
  const roles = (['officer', 'auditor', 'admin'] as const).map(
    (r) => [r, term('role', r, p.lang)] as [string, string]
  )
  const fields = async (form: string) => (
    <>
      <Field
        name="role"
        label={t('role')}
        value={typed(form, 'role')}
        errors={errs(form)}
        options={roles}
        form={form}
      />
      <PickField
        name="agency"
        label={t('agency')}
        kind="agency"
        value={typed(form, 'agency')}
        options={await candidates(p, 'agency', typed(form, 'agency') ?? '')}
        errors={errs(form)}
        hint={w.agencyHint}
        form={form}
      />
    </>
  )
  const button = (action: string, label: string) => (
    <form method="post" action={action} data-confirm={label}>
      <Csrf token={csrf} />
      <button type="submit" class="danger">
        {label}
      </button>
    </form>
  )
  return (
    <Layout page={p} title={t('keys')} path="/console/keys">
      {created && (
        <Flash ok>
          {t('shownOnce')} <code class="secret">{created.secret}</code>
        </Flash>
      )}
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      <h2>{w.keys}</h2>
      <form class="card" method="post" action="/console/keys">
        <Csrf token={csrf} />
        <div class="fields">
          <Field
            name="name"
            label={t('name')}
            value={typed('key', 'name')}
            errors={errs('key')}
            required
            form="key"
          />
          {await fields('key')}
        </div>
        <p>
          <button type="submit">{w.newKey}</button>
        </p>
      </form>
      <div class="scroll" tabindex={0} role="region" aria-label={w.keys}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('agency')}</th>
              <th scope="col">{w.prefix}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">
                <span class="visually-hidden">{w.revoke}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.items.map((k: any) => (
              <tr>
                <td>{k.name}</td>
                <td>{term('role', k.role, p.lang)}</td>
                <td>{k.agencyId ? names.get(k.agencyId) : '—'}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>
                  {k.revokedAt
                    ? `${t('revoked')} ${date(k.revokedAt)}`
                    : `${t('active')}${k.lastUsedAt ? ` (${w.lastUsed} ${date(k.lastUsedAt)})` : ''}`}
                </td>
                <td>{!k.revokedAt && button(`/console/keys/${k.id}/revoke`, w.revoke)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{w.users}</h2>
      <form class="card" method="post" action="/console/users">
        <Csrf token={csrf} />
        <div class="fields">
          <Field
            name="email"
            label={w.email}
            type="email"
            value={typed('user', 'email')}
            errors={errs('user')}
            required
            form="user"
          />
          <Field
            name="name"
            label={t('name')}
            value={typed('user', 'name')}
            errors={errs('user')}
            required
            form="user"
          />
          {await fields('user')}
        </div>
        <p>
          <button type="submit">{w.newUser}</button>
        </p>
      </form>
      <div class="scroll" tabindex={0} role="region" aria-label={w.users}>
        <table>
          <thead>
            <tr>
              <th scope="col">{w.email}</th>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('agency')}</th>
              <th scope="col">
                <span class="visually-hidden">{w.disable}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.items.map((u: any) => (
              <tr>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>{term('role', u.role, p.lang)}</td>
                <td>{u.agencyId ? names.get(u.agencyId) : '—'}</td>
                <td>
                  {u.disabledAt
                    ? `${w.disabled} ${date(u.disabledAt)}`
                    : button(`/console/users/${u.id}/disable`, w.disable)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
                <Entity lang={p.lang} entity={e.entity} id={e.entityId} />
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

/** What an audit entry is about, in words, opening the record where the console has a page for it. */
const ENTITIES: Record<string, [vi: string, en: string, page?: string]> = {
  certificate: ['Chứng thư số', 'Certificate', '/console/certificates/'],
  holder: ['Thuê bao', 'Holder', '/console/holders/'],
  device: ['Thiết bị', 'Device', '/console/devices/'],
  agency: ['Cơ quan', 'Agency', '/console/agencies/'],
  request: ['Yêu cầu', 'Request', '/console/requests/'],
  issuer: ['Tổ chức cấp', 'Issuer'],
  key: ['Khóa truy cập', 'Access key'],
  user: ['Người dùng', 'User'],
  holiday: ['Ngày nghỉ, ngày làm bù', 'Calendar day'],
}

function Entity({ lang, entity, id }: { lang: Lang; entity: string; id: string }) {
  const known = ENTITIES[entity]
  if (!known) return <code>{`${entity} ${id}`}</code>
  const [vi, en, page] = known
  return (
    <>
      {page ? (
        <a href={`${page}${encodeURIComponent(id)}`}>{lang === 'vi' ? vi : en}</a>
      ) : lang === 'vi' ? (
        vi
      ) : (
        en
      )}{' '}
      <code>{id}</code>
    </>
  )
}
