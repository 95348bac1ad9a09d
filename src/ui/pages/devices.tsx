import { Badge, Csrf, Field, Flash, Pager } from '../components'
import { date } from '../format'
import { query, type Page } from '../kit'
import { Layout } from '../layout'
import { candidates, holderNames, PickField } from '../pick'
import type { FormState } from './certificate'
import { CertificateTable } from './certificates'

const STATUSES = ['in_stock', 'assigned', 'lost', 'damaged', 'retired'] as const
const statusWord = (lang: string, s: string) =>
  (lang === 'vi'
    ? {
        in_stock: 'Trong kho',
        assigned: 'Đang giao',
        lost: 'Bị mất',
        damaged: 'Hỏng',
        retired: 'Thanh lý',
      }
    : {
        in_stock: 'In stock',
        assigned: 'Assigned',
        lost: 'Lost',
        damaged: 'Damaged',
        retired: 'Retired',
      })[s as 'lost'] ?? s

/** Devices, by serial, filtered by status or a serial prefix. */
export async function deviceList(p: Page) {
  const { t, c } = p
  const q = c.req.query()
  const page = await p.api(
    'GET',
    `/devices?${query({ status: q.status, q: q.q, cursor: q.cursor, limit: 50 })}`
  )
  const items: any[] = page.status === 200 ? page.body.items : []
  // Who holds each token now, by name.
  const holders = await holderNames(
    p,
    items.map((d) => d.holderId)
  )
  const back = q.back ? q.back.split(',') : []
  const same = { status: q.status, q: q.q }
  return (
    <Layout page={p} title={t('devices')} path="/console/devices">
      {c.get('principal').role === 'admin' && (
        <p>
          <a class="button" href="/console/devices/new">
            {p.lang === 'vi' ? 'Thêm thiết bị lưu khóa' : 'Add a signing device'}
          </a>
        </p>
      )}
      <form class="card" method="get" action="/console/devices">
        <div class="fields">
          <Field
            name="status"
            label={t('status')}
            value={q.status}
            options={[
              ['', t('all')],
              ...STATUSES.map((s) => [s, statusWord(p.lang, s)] as [string, string]),
            ]}
          />
          <Field name="q" label={t('serial')} value={q.q} />
        </div>
        <p>
          <button type="submit">{t('filter')}</button>
        </p>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('serial')}</th>
            <th scope="col">{p.lang === 'vi' ? 'Loại thiết bị' : 'Model'}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('heldBy')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr>
              <td>
                <a href={`/console/devices/${d.id}`}>{d.serial}</a>
              </td>
              <td>{d.model}</td>
              <td>
                <Badge status={d.status} label={statusWord(p.lang, d.status)} />
              </td>
              <td>
                {d.holderId ? (
                  <a href={`/console/holders/${d.holderId}`}>{holders.get(d.holderId)}</a>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        t={t}
        path="/console/devices"
        same={same}
        cursor={q.cursor}
        back={back}
        next={page.body?.nextCursor}
        shown={items.length > 0}
      />
    </Layout>
  )
}

/** One device: its custody ledger, and hand-over, return and report-lost for admins. */
export async function devicePage(
  p: Page,
  id: string,
  state: FormState & { form?: string; lost?: any } = {}
) {
  const { t, c } = p
  const res = await p.api('GET', `/devices/${encodeURIComponent(id)}`)
  if (res.status !== 200) return null
  const d = res.body
  const principal = c.get('principal')
  const certs = await p.api('GET', `/certificates?${query({ deviceId: d.id, limit: 100 })}`)
  const onIt: any[] = certs.status === 200 ? certs.body.items : []
  const csrf = c.get('session')?.csrf
  const values = state.values ?? {}
  const errs = (form: string) => (state.form === form ? state.errors : undefined)
  return (
    <Layout page={p} title={`${t('device')} ${d.serial}`} path="/console/devices">
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd>
          <Badge status={d.status} label={statusWord(p.lang, d.status)} />
        </dd>
        <dt>{p.lang === 'vi' ? 'Loại thiết bị (model)' : 'Model'}</dt>
        <dd>{d.model}</dd>
        <dt>{t('holder')}</dt>
        <dd>{d.custody.find((e: any) => !e.returnedAt)?.holderName ?? '—'}</dd>
      </dl>
      {state.lost && (
        <section class="card">
          <h2>
            {p.lang === 'vi'
              ? 'Chứng thư số trên thiết bị bị mất'
              : 'Certificates on the lost device'}
          </h2>
          {state.lost.revoked.length > 0 && (
            <p>
              {p.lang === 'vi'
                ? 'Đã thu hồi (lý do: khóa bị lộ)'
                : 'Revoked (reason: key compromise)'}
              : {state.lost.revoked.map((x: any) => x.serial).join(', ')}
            </p>
          )}
          {state.lost.revocationCandidates.length > 0 && (
            <p>
              {p.lang === 'vi' ? 'Còn phải thu hồi' : 'Still to revoke'}:{' '}
              {state.lost.revocationCandidates.map((x: any) => x.serial).join(', ')}
            </p>
          )}
        </section>
      )}
      <h2>{p.lang === 'vi' ? 'Chứng thư số trên thiết bị' : 'Certificates on the device'}</h2>
      {onIt.length ? (
        <CertificateTable p={p} items={onIt} />
      ) : (
        <p>{p.lang === 'vi' ? 'Không có.' : 'None.'}</p>
      )}
      {principal.role === 'admin' &&
        d.status === 'lost' &&
        onIt.some((x: any) => x.status === 'active') && (
          <form
            class="card no-print"
            method="post"
            action={`/console/devices/${d.id}/revoke-all`}
            data-confirm={
              p.lang === 'vi'
                ? 'Thu hồi mọi chứng thư số còn hiệu lực trên thiết bị này?'
                : 'Revoke every active certificate on this device?'
            }
          >
            <Csrf token={csrf} />
            <button type="submit" class="danger">
              {p.lang === 'vi'
                ? 'Thu hồi tất cả (lý do: khóa bị lộ)'
                : 'Revoke them all (reason: key compromise)'}
            </button>{' '}
            <button type="button" data-print>
              {p.lang === 'vi' ? 'In danh sách thu hồi' : 'Print the revocation list'}
            </button>
          </form>
        )}
      <h2>{t('custody')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('holder')}</th>
            <th scope="col">{t('handoverRef')}</th>
            <th scope="col">{t('assign')}</th>
            <th scope="col">{t('return')}</th>
          </tr>
        </thead>
        <tbody>
          {d.custody.map((e: any) => (
            <tr>
              <td>{e.holderName}</td>
              <td>
                {e.handoverRef ?? '—'}{' '}
                <a class="no-print" href={`/console/devices/${d.id}/records/${e.id}`}>
                  {p.lang === 'vi' ? 'In biên bản' : 'Print the record'}
                </a>
              </td>
              <td>{date(e.assignedAt)}</td>
              <td>
                {date(e.returnedAt)}{' '}
                {e.closedBy === 'lost' && (
                  <Badge status="lost" label={statusWord(p.lang, 'lost')} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {principal.role === 'admin' && d.status === 'in_stock' && (
        <form class="card" method="post" action={`/console/devices/${d.id}/assign`}>
          <h2>{t('assign')}</h2>
          <Csrf token={csrf} />
          <div class="fields">
            <PickField
              name="holder"
              label={t('handTo')}
              kind="holder"
              value={values.holder}
              options={await candidates(p, 'holder', values.holder ?? '')}
              errors={errs('assign')}
              hint={t('handToHint')}
              required
            />
            <Field
              name="handoverRef"
              label={t('handoverRef')}
              value={values.handoverRef}
              errors={errs('assign')}
            />
          </div>
          <p>
            <button type="submit">{t('assign')}</button>
          </p>
        </form>
      )}
      {principal.role === 'admin' && d.status === 'assigned' && (
        <form class="card" method="post" action={`/console/devices/${d.id}/return`}>
          <h2>{t('return')}</h2>
          <Csrf token={csrf} />
          <div class="fields">
            <Field name="note" label={t('note')} value={values.note} errors={errs('return')} />
          </div>
          <p>
            <button type="submit">{t('return')}</button>
          </p>
        </form>
      )}
      {principal.role === 'admin' && ['in_stock', 'damaged'].includes(d.status) && (
        <form class="card" method="post" action={`/console/devices/${d.id}/status`}>
          <h2>{p.lang === 'vi' ? 'Tình trạng thiết bị' : 'Device condition'}</h2>
          <Csrf token={csrf} />
          <input type="hidden" name="version" value={String(d.version)} />
          <div class="fields">
            <Field
              name="status"
              label={t('status')}
              value={d.status}
              options={(['in_stock', 'damaged', 'retired'] as const).map(
                (s) => [s, statusWord(p.lang, s)] as [string, string]
              )}
            />
            <Field name="note" label={t('note')} value={d.note ?? ''} />
          </div>
          <p>
            <button type="submit">{t('save')}</button>
          </p>
        </form>
      )}
      {principal.role === 'admin' && d.status !== 'lost' && d.status !== 'retired' && (
        <form
          class="card"
          method="post"
          action={`/console/devices/${d.id}/report-lost`}
          data-confirm={t('reportLostConfirm')}
        >
          <h2>{t('reportLost')}</h2>
          <Csrf token={csrf} />
          <div class="fields">
            <Field
              name="note"
              label={t('note')}
              value={state.form === 'report-lost' ? values.note : ''}
              errors={errs('report-lost')}
            />
          </div>
          <p>
            <label class="check">
              <input type="checkbox" name="revokeCertificates" value="true" />{' '}
              {p.lang === 'vi'
                ? 'Thu hồi luôn mọi chứng thư số còn hiệu lực trên thiết bị (lý do: khóa bị lộ)'
                : 'Revoke every active certificate on it too (reason: key compromise)'}
            </label>
          </p>
          <p>
            <button type="submit" class="danger">
              {t('reportLost')}
            </button>
          </p>
        </form>
      )}
    </Layout>
  )
}

/** A new signing device (token) in stock, under an agency picked by name. */
export async function deviceNew(p: Page, state: FormState = {}) {
  const vi = p.lang === 'vi'
  const v = state.values ?? {}
  return (
    <Layout
      page={p}
      title={vi ? 'Thêm thiết bị lưu khóa' : 'Add a signing device'}
      path="/console/devices"
    >
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      <form class="card" method="post" action="/console/devices">
        <Csrf token={p.c.get('session')?.csrf} />
        <div class="fields">
          <Field
            name="serial"
            label={vi ? 'Số sê-ri' : 'Serial'}
            value={v.serial}
            errors={state.errors}
            required
          />
          <Field
            name="model"
            label={vi ? 'Loại, kiểu thiết bị' : 'Model'}
            value={v.model}
            errors={state.errors}
            required
          />
          <Field
            name="kind"
            label={p.t('kind')}
            value={v.kind ?? 'token'}
            options={[
              ['token', vi ? 'USB token' : 'USB token'],
              ['sim_pki', 'SIM PKI'],
              ['hsm', 'HSM'],
            ]}
            errors={state.errors}
          />
          <PickField
            name="agency"
            label={vi ? 'Cơ quan quản lý thiết bị' : 'Agency'}
            kind="agency"
            value={v.agency}
            options={await candidates(p, 'agency', v.agency ?? '')}
            errors={state.errors}
            required
          />
          <Field name="note" label={p.t('note')} value={v.note} errors={state.errors} />
        </div>
        <p>
          <button type="submit">{p.t('save')}</button>
        </p>
      </form>
    </Layout>
  )
}
