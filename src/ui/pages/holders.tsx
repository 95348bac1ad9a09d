import { term } from '../../lib/messages'
import { ActionForm, Badge, Csrf, Field, Flash, History } from '../components'
import { date } from '../format'
import { query, type Page } from '../kit'
import { Layout } from '../layout'
import { agencyNames, candidates, PickField } from '../pick'
import type { FormState } from './certificate'
import { CertificateTable } from './certificates'

const STATUSES = ['in_post', 'transferred', 'retired', 'resigned', 'deceased'] as const
const LEFT = ['transferred', 'retired', 'resigned', 'deceased'] as const
const words = (p: Page) =>
  p.lang === 'vi'
    ? {
        holders: 'Người được cấp chứng thư số (thuê bao)',
        add: 'Thêm người hoặc tổ chức',
        searchHolder: 'Tên hoặc số CCCD',
        person: 'Cá nhân',
        organisation: 'Tổ chức (con dấu của cơ quan)',
        fullName: 'Họ và tên (hoặc tên tổ chức)',
        cccd: 'Số CCCD',
        position: 'Chức vụ',
        email: 'Thư điện tử',
        phone: 'Số điện thoại',
        agency: 'Cơ quan, tổ chức quản lý trực tiếp',
        agencyHint: 'Gõ tên hoặc mã cơ quan rồi chọn trong danh sách gợi ý',
        edit: 'Sửa thông tin',
        move: 'Chuyển sang cơ quan khác',
        moveTo: 'Cơ quan chuyển đến',
        leave: 'Nghỉ việc, chuyển công tác ra ngoài, nghỉ hưu, từ trần',
        leaveStatus: 'Lý do',
        leaveAt: 'Ngày (dd/mm/yyyy)',
        revokeToo: 'Thu hồi luôn các chứng thư số cá nhân còn hiệu lực',
        certificates: 'Chứng thư số',
        devices: 'Thiết bị lưu khóa (token) đang giữ',
        history: 'Lịch sử',
        toRevoke: 'Chứng thư số cần đề nghị thu hồi',
        toTakeBack: 'Thiết bị cần thu hồi về',
        revokedNow: 'Đã thu hồi trong bước này',
        none: 'Không có.',
        decisionNote: 'Căn cứ (số, ngày quyết định)',
      }
    : {
        holders: 'Certificate holders (subscribers)',
        add: 'Add a person or organisation',
        searchHolder: 'Name or CCCD number',
        person: 'Person',
        organisation: 'Organisation (the agency seal)',
        fullName: 'Full name (or the organisation’s name)',
        cccd: 'CCCD number',
        position: 'Position',
        email: 'E-mail',
        phone: 'Phone',
        agency: 'Managing agency',
        agencyHint: 'Type the agency’s name or code and pick it from the suggestions',
        edit: 'Edit',
        move: 'Move to another agency',
        moveTo: 'Agency moved to',
        leave: 'Leave (transfer out, retirement, resignation, death)',
        leaveStatus: 'Why',
        leaveAt: 'Date (dd/mm/yyyy)',
        revokeToo: 'Revoke its active personal certificates too',
        certificates: 'Certificates',
        devices: 'Signing devices (tokens) held',
        history: 'History',
        toRevoke: 'Certificates to have revoked',
        toTakeBack: 'Devices to take back',
        revokedNow: 'Revoked in this step',
        none: 'None.',
        decisionNote: 'Basis (decision number and date)',
      }

/** The register of holders: search by name or CCCD, by agency and status. */
export async function holderList(p: Page) {
  const { t, c } = p
  const w = words(p)
  const q = c.req.query()
  const agency = q.agency ? (await candidates(p, 'agency', q.agency, 2))[0] : undefined
  const page = await p.api(
    'GET',
    `/holders?${query({ q: q.q, status: q.status, agencyId: agency?.id, subtree: agency ? 'true' : undefined, cursor: q.cursor, limit: 50 })}`
  )
  const items: any[] = page.status === 200 ? page.body.items : []
  const names = await agencyNames(
    p,
    items.map((h) => h.agencyId)
  )
  const admin = c.get('principal').role === 'admin'
  return (
    <Layout page={p} title={w.holders} path="/console/holders">
      {admin && (
        <p>
          <a class="button" href="/console/holders/new">
            {w.add}
          </a>
        </p>
      )}
      <form class="card" method="get" action="/console/holders">
        <div class="fields">
          <Field name="q" label={w.searchHolder} value={q.q} />
          <PickField
            name="agency"
            label={w.agency}
            kind="agency"
            value={q.agency}
            options={await candidates(p, 'agency', q.agency ?? '')}
          />
          <Field
            name="status"
            label={t('status')}
            value={q.status}
            options={[
              ['', t('all')],
              ...STATUSES.map((s) => [s, term('holderStatus', s, p.lang)] as [string, string]),
            ]}
          />
        </div>
        <p>
          <button type="submit">{t('filter')}</button>
        </p>
      </form>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{w.fullName}</th>
              <th scope="col">{w.agency}</th>
              <th scope="col" class="optional">
                {w.position}
              </th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((h) => (
              <tr>
                <td>
                  <a href={`/console/holders/${h.id}`}>{h.fullName}</a>
                  {h.kind === 'organisation' && ` (${w.organisation})`}
                </td>
                <td>{names.get(h.agencyId)}</td>
                <td class="optional">{h.position ?? '—'}</td>
                <td>
                  <Badge
                    status={h.status === 'in_post' ? 'active' : 'retired'}
                    label={term('holderStatus', h.status, p.lang)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!items.length && <p>{t('noResults')}</p>}
      <div class="pager">
        {page.body?.nextCursor && (
          <a href={`/console/holders?${query({ ...q, cursor: page.body.nextCursor })}`}>
            {t('next')}
          </a>
        )}
      </div>
    </Layout>
  )
}

/** The fields of a holder, for a new one or an edit. */
async function HolderFields({
  p,
  values,
  state,
  isNew,
}: {
  p: Page
  values: Record<string, string>
  state: FormState
  isNew: boolean
}) {
  const w = words(p)
  const errors = state.errors
  return (
    <div class="fields">
      {isNew && (
        <Field
          name="kind"
          label={p.t('kind')}
          value={values.kind ?? 'person'}
          options={[
            ['person', w.person],
            ['organisation', w.organisation],
          ]}
          errors={errors}
        />
      )}
      <Field name="fullName" label={w.fullName} value={values.fullName} errors={errors} required />
      <Field
        name="nationalId"
        label={w.cccd}
        value={values.nationalId}
        errors={errors}
        attrs={{ inputmode: 'numeric', pattern: '[0-9]{12}', autocomplete: 'off' }}
      />
      <Field name="position" label={w.position} value={values.position} errors={errors} />
      <Field name="email" label={w.email} type="email" value={values.email} errors={errors} />
      <Field name="phone" label={w.phone} type="tel" value={values.phone} errors={errors} />
      {isNew && (
        <PickField
          name="agency"
          label={w.agency}
          kind="agency"
          value={values.agency}
          options={
            state.form === 'new' && (state as any).choices?.length
              ? (state as any).choices
              : await candidates(p, 'agency', values.agency ?? '')
          }
          errors={errors}
          hint={w.agencyHint}
          required
        />
      )}
    </div>
  )
}

/** A new holder: a person (with CCCD) or an organisation (the agency seal), under its agency. */
export async function holderNew(p: Page, state: FormState = {}) {
  const w = words(p)
  return (
    <Layout page={p} title={w.add} path="/console/holders">
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      <form class="card" method="post" action="/console/holders">
        <Csrf token={p.c.get('session')?.csrf} />
        {await HolderFields({
          p,
          values: state.values ?? {},
          state: { ...state, form: 'new' },
          isNew: true,
        })}
        <p>
          <button type="submit">{p.t('save')}</button>
        </p>
      </form>
    </Layout>
  )
}

/** One holder: facts, certificates, devices, history; edit, move and leave for the department. */
export async function holderPage(p: Page, id: string, state: FormState & { departure?: any } = {}) {
  const { t, c } = p
  const w = words(p)
  const res = await p.api('GET', `/holders/${encodeURIComponent(id)}`)
  if (res.status !== 200) return null
  const h = res.body
  const principal = c.get('principal')
  const admin = principal.role === 'admin'
  const [certs, devices, audit, names] = await Promise.all([
    p.api('GET', `/certificates?${query({ holderId: h.id, limit: 100 })}`),
    p.api('GET', `/devices?${query({ holderId: h.id, limit: 50 })}`),
    admin || principal.role === 'auditor'
      ? p.api('GET', `/audit?${query({ entityId: h.id, limit: 50 })}`)
      : Promise.resolve({ status: 403, body: null }),
    agencyNames(p, [h.agencyId]),
  ])
  const csrf = c.get('session')?.csrf
  const values = state.values ?? {}
  const errs = (form: string) => (state.form === form ? state.errors : undefined)
  const inPost = h.status === 'in_post'
  const d = state.departure
  return (
    <Layout page={p} title={h.fullName} path="/console/holders">
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      {d && (
        <section class="card">
          <h2>{w.toRevoke}</h2>
          {d.certificatesToRevoke.length ? (
            <ul>
              {d.certificatesToRevoke.map((x: any) => (
                <li>
                  <a href={`/console/certificates/${x.id}`}>{x.serial}</a> ({date(x.notAfter)})
                </li>
              ))}
            </ul>
          ) : (
            <p>{w.none}</p>
          )}
          {d.revoked.length > 0 && (
            <>
              <h2>{w.revokedNow}</h2>
              <ul>
                {d.revoked.map((x: any) => (
                  <li>
                    <a href={`/console/certificates/${x.id}`}>{x.serial}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>{w.toTakeBack}</h2>
          {d.devicesToTakeBack.length ? (
            <ul>
              {d.devicesToTakeBack.map((x: any) => (
                <li>
                  <a href={`/console/devices/${x.id}`}>{x.serial}</a>
                </li>
              ))}
            </ul>
          ) : (
            <p>{w.none}</p>
          )}
        </section>
      )}
      <dl class="facts">
        <dt>{t('kind')}</dt>
        <dd>{h.kind === 'person' ? w.person : w.organisation}</dd>
        <dt>{w.agency}</dt>
        <dd>{names.get(h.agencyId)}</dd>
        <dt>{t('status')}</dt>
        <dd>
          {term('holderStatus', h.status, p.lang)}
          {h.leftAt && ` (${date(h.leftAt)})`}
        </dd>
        {h.nationalId && (
          <>
            <dt>{w.cccd}</dt>
            <dd>{h.nationalId}</dd>
          </>
        )}
        <dt>{w.position}</dt>
        <dd>{h.position ?? '—'}</dd>
        <dt>{w.email}</dt>
        <dd>{h.email ?? '—'}</dd>
        <dt>{w.phone}</dt>
        <dd>{h.phone ?? '—'}</dd>
      </dl>
      <h2>{w.certificates}</h2>
      {!(certs.body?.items ?? []).length && <p>{w.none}</p>}
      <CertificateTable p={p} items={certs.body?.items ?? []} />
      <h2>{w.devices}</h2>
      {(devices.body?.items ?? []).length ? (
        <ul>
          {devices.body.items.map((x: any) => (
            <li>
              <a href={`/console/devices/${x.id}`}>{x.serial}</a> ({x.model})
            </li>
          ))}
        </ul>
      ) : (
        <p>{w.none}</p>
      )}
      {admin && inPost && (
        <ActionForm
          action={`/console/holders/${h.id}`}
          title={w.edit}
          csrf={csrf}
          version={h.version}
          button={t('save')}
        >
          {await HolderFields({
            p,
            values: state.form === 'edit' ? values : { ...h, nationalId: h.nationalId ?? '' },
            state: { ...state, errors: errs('edit') },
            isNew: false,
          })}
        </ActionForm>
      )}
      {admin && inPost && (
        <ActionForm action={`/console/holders/${h.id}/move`} title={w.move} csrf={csrf}>
          <div class="fields">
            <PickField
              name="agency"
              label={w.moveTo}
              kind="agency"
              value={state.form === 'move' ? values.agency : ''}
              options={await candidates(
                p,
                'agency',
                state.form === 'move' ? (values.agency ?? '') : ''
              )}
              errors={errs('move')}
              hint={w.agencyHint}
              required
            />
            <Field
              name="note"
              label={w.decisionNote}
              value={state.form === 'move' ? values.note : ''}
              errors={errs('move')}
              form="move"
            />
          </div>
          <RevokeToo
            label={w.revokeToo}
            checked={state.form === 'move' && values.revokeCertificates === 'true'}
          />
        </ActionForm>
      )}
      {admin && inPost && (
        <ActionForm
          action={`/console/holders/${h.id}/leave`}
          title={w.leave}
          csrf={csrf}
          confirm
          danger
        >
          <div class="fields">
            <Field
              name="status"
              label={w.leaveStatus}
              value={state.form === 'leave' ? values.status : 'transferred'}
              options={LEFT.map((s) => [s, term('holderStatus', s, p.lang)] as [string, string])}
              errors={errs('leave')}
            />
            <Field
              name="at"
              label={w.leaveAt}
              value={state.form === 'leave' ? values.at : ''}
              errors={errs('leave')}
              attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
            />
            <Field
              name="note"
              label={w.decisionNote}
              value={state.form === 'leave' ? values.note : ''}
              errors={errs('leave')}
              form="leave"
            />
          </div>
          <RevokeToo
            label={w.revokeToo}
            checked={state.form === 'leave' && values.revokeCertificates === 'true'}
          />
        </ActionForm>
      )}
      {audit.status === 200 && (
        <History title={w.history} lang={p.lang} entries={audit.body.items} />
      )}
    </Layout>
  )
}

/** The box that revokes a departing or moving holder's personal certificates too, kept as sent. */
const RevokeToo = ({ label, checked }: { label: string; checked: boolean }) => (
  <p>
    <label class="check">
      <input type="checkbox" name="revokeCertificates" value="true" checked={checked} /> {label}
    </label>
  </p>
)
