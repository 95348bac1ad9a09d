import { DEPARTMENT_CODES, REASONS } from '../../domain/reasons'
import { TRANSITIONS, type RequestAction } from '../../domain/requests'
import { term } from '../../lib/messages'
import { Badge, Csrf, Field, Flash } from '../components'
import { capital, date, dateTime } from '../format'
import { query, type Page } from '../kit'
import { Layout } from '../layout'
import { agencyLabel, agencyNames, bySerial, candidates, holderLabel, PickField } from '../pick'
import type { FormState } from './certificate'

const words = (p: Page) =>
  p.lang === 'vi'
    ? {
        requests: 'Yêu cầu gửi CA (Nghị định 68/2024)',
        new: 'Lập yêu cầu',
        kind: 'Loại yêu cầu',
        certificateKind: 'Loại chứng thư số (Mẫu 01, 02, 03)',
        agency: 'Cơ quan, tổ chức quản lý trực tiếp',
        docNumber: 'Số, ký hiệu văn bản',
        docDate: 'Ngày văn bản (dd/mm/yyyy)',
        holder: 'Người được cấp',
        serial: 'Số hiệu chứng thư số',
        device: 'Số sê-ri thiết bị',
        reason: 'Lý do thu hồi',
        cause: 'Nguyên nhân',
        overdue: 'Quá hạn',
        onlyOverdue: 'Chỉ yêu cầu quá hạn',
        due: 'Hạn CA trả lời',
        created: 'Ngày lập',
        state: 'Trạng thái',
        note: 'Ghi chú, lý do',
        channel: 'Kênh gửi',
        reference: 'Mã hồ sơ / số văn bản đi',
        sentOn: 'Ngày gửi (dd/mm/yyyy)',
        resultSerial: 'Số hiệu chứng thư số CA đã cấp',
        concerns: 'Nội dung đề nghị',
        none: 'Không có yêu cầu nào.',
        notFound: 'Không tìm thấy',
      }
    : {
        requests: 'Requests to the CA (Decree 68/2024)',
        new: 'New request',
        kind: 'Kind of request',
        certificateKind: 'Certificate kind (Mẫu 01, 02, 03)',
        agency: 'Managing agency',
        docNumber: 'Document number',
        docDate: 'Document date (dd/mm/yyyy)',
        holder: 'Holder',
        serial: 'Certificate serial',
        device: 'Device serial',
        reason: 'Reason for revocation',
        cause: 'Cause',
        overdue: 'Overdue',
        onlyOverdue: 'Overdue only',
        due: 'CA answer due',
        created: 'Drafted',
        state: 'State',
        note: 'Note, reason',
        channel: 'Channel',
        reference: 'Reference',
        sentOn: 'Sent on (dd/mm/yyyy)',
        resultSerial: 'Serial of the certificate the CA issued',
        concerns: 'What it asks',
        none: 'No request.',
        notFound: 'Not found',
      }

const KINDS = ['issue', 'renewal', 'change', 'revocation', 'recovery'] as const
const STATES = [
  'draft',
  'filed',
  'returned',
  'checked',
  'sent',
  'done',
  'refused',
  'cancelled',
] as const
const CHANNELS: [string, [string, string]][] = [
  ['online', ['Dịch vụ công trực tuyến của CA', 'The CA’s online service']],
  ['document-exchange', ['Trục liên thông văn bản quốc gia', 'National document exchange']],
  ['paper', ['Văn bản giấy', 'Paper']],
]
const tone = (state: string, overdue: boolean) =>
  overdue
    ? 'expired'
    : ((
        { done: 'active', refused: 'revoked', cancelled: 'retired', sent: 'pending' } as Record<
          string,
          string
        >
      )[state] ?? 'not_yet_valid')

/** The requests of the principal's agencies (or all, for the department), oldest first. */
export async function requestList(p: Page) {
  const { t, c } = p
  const w = words(p)
  const q = c.req.query()
  const page = await p.api(
    'GET',
    `/requests?${query({ state: q.state, kind: q.kind, overdue: q.overdue ? 'true' : undefined, cursor: q.cursor, limit: 50 })}`
  )
  const items: any[] = page.status === 200 ? page.body.items : []
  const names = await agencyNames(
    p,
    items.map((r) => r.agencyId)
  )
  const canFile = ['admin', 'officer'].includes(c.get('principal').role)
  return (
    <Layout page={p} title={w.requests} path="/console/requests">
      {canFile && (
        <p>
          <a class="button" href="/console/requests/new">
            {w.new}
          </a>
        </p>
      )}
      <form class="card" method="get" action="/console/requests">
        <div class="fields">
          <Field
            name="state"
            label={w.state}
            value={q.state}
            options={[
              ['', t('all')],
              ...STATES.map((s) => [s, term('requestState', s, p.lang)] as [string, string]),
            ]}
          />
          <Field
            name="kind"
            label={w.kind}
            value={q.kind}
            options={[
              ['', t('all')],
              ...KINDS.map((k) => [k, term('requestKind', k, p.lang)] as [string, string]),
            ]}
          />
        </div>
        <p>
          <label class="check">
            <input type="checkbox" name="overdue" value="true" checked={!!q.overdue} />{' '}
            {w.onlyOverdue}
          </label>
        </p>
        <p>
          <button type="submit">{t('filter')}</button>
        </p>
      </form>
      {!items.length && <p>{w.none}</p>}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{w.created}</th>
              <th scope="col">{w.kind}</th>
              <th scope="col">{w.agency}</th>
              <th scope="col" class="optional">
                {w.docNumber}
              </th>
              <th scope="col">{w.state}</th>
              <th scope="col">{w.due}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr>
                <td>
                  <a href={`/console/requests/${r.id}`}>{date(r.createdAt)}</a>
                </td>
                <td>{term('requestKind', r.kind, p.lang)}</td>
                <td>{names.get(r.agencyId)}</td>
                <td class="optional">{r.docNumber ?? '—'}</td>
                <td>
                  <Badge
                    status={tone(r.state, false)}
                    label={term('requestState', r.state, p.lang)}
                  />
                </td>
                <td>
                  {r.dueDay ? date(`${r.dueDay}T00:00:00+07:00`) : '—'}{' '}
                  {r.overdue && <Badge status="expired" label={w.overdue} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="pager">
        {page.body?.nextCursor && (
          <a href={`/console/requests?${query({ ...q, cursor: page.body.nextCursor })}`}>
            {t('next')}
          </a>
        )}
      </div>
    </Layout>
  )
}

/** A new request: its kind, the agency and what it concerns, each picked by name or serial. */
export async function requestNew(p: Page, state: FormState = {}) {
  const { t, c } = p
  const w = words(p)
  // From a reminder's link: the kind and the certificate filled in, and what the certificate
  // says of its agency, holder and kind.
  const asked = c.req.query()
  const v = state.values ?? {
    kind: asked.kind ?? '',
    serial: asked.serial ?? '',
    ...(asked.serial ? await knownFrom(p, asked.serial) : {}),
  }
  const errors = state.errors
  const reasons = DEPARTMENT_CODES.map(
    (code) =>
      [
        String(code),
        `${p.lang === 'vi' ? REASONS[code].cause : REASONS[code].causeEn} (${code})`,
      ] as [string, string]
  )
  return (
    <Layout page={p} title={w.new} path="/console/requests">
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      <form class="card" method="post" action="/console/requests">
        <Csrf token={c.get('session')?.csrf} />
        <div class="fields">
          <Field
            name="kind"
            label={w.kind}
            value={v.kind || 'renewal'}
            options={KINDS.map((k) => [k, term('requestKind', k, p.lang)] as [string, string])}
            errors={errors}
          />
          <Field
            name="certificateKind"
            label={w.certificateKind}
            value={v.certificateKind ?? ''}
            options={[
              ['', '—'],
              ...(['personal', 'organisation', 'device_service'] as const).map(
                (k) => [k, term('certificateKind', k, p.lang)] as [string, string]
              ),
            ]}
            errors={errors}
          />
          <PickField
            name="agency"
            label={w.agency}
            kind="agency"
            value={v.agency}
            options={await candidates(p, 'agency', v.agency ?? '')}
            errors={errors}
            required
          />
          <Field name="docNumber" label={w.docNumber} value={v.docNumber} errors={errors} />
          <Field
            name="docDate"
            label={w.docDate}
            value={v.docDate}
            errors={errors}
            attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
          />
          <PickField
            name="holder"
            label={w.holder}
            kind="holder"
            value={v.holder}
            options={await candidates(p, 'holder', v.holder ?? '')}
            errors={errors}
          />
          <Field
            name="serial"
            label={w.serial}
            value={v.serial}
            errors={errors}
            attrs={{ autocomplete: 'off', spellcheck: 'false' }}
          />
          <Field
            name="device"
            label={w.device}
            value={v.device}
            errors={errors}
            attrs={{ autocomplete: 'off' }}
          />
          <Field
            name="reasonCode"
            label={w.reason}
            value={v.reasonCode ?? ''}
            options={[['', '—'], ...reasons]}
            errors={errors}
          />
          <Field name="cause" label={w.cause} value={v.cause} errors={errors} />
        </div>
        <p>
          <button type="submit">{t('save')}</button>
        </p>
      </form>
    </Layout>
  )
}

/** The agency, holder and kind of the certificate with this serial, as the form's fields read. */
async function knownFrom(p: Page, serial: string): Promise<Record<string, string>> {
  const cert = await bySerial(p, '/certificates', serial)
  if (!cert) return {}
  const [agency, holder] = await Promise.all([
    p.api('GET', `/agencies/${encodeURIComponent(cert.agencyId)}`),
    p.api('GET', `/holders/${encodeURIComponent(cert.holderId)}`),
  ])
  if (agency.status !== 200 || holder.status !== 200) return {}
  return {
    agency: agencyLabel(agency.body),
    holder: holderLabel(holder.body, agency.body.name, p.lang),
    certificateKind: cert.kind,
  }
}

/** The action forms a request offers in its state, to this principal. */
function actions(p: Page, r: any, csrf?: string) {
  const w = words(p)
  const admin = p.c.get('principal').role === 'admin'
  const officer = p.c.get('principal').role === 'officer'
  const open = (Object.keys(TRANSITIONS) as RequestAction[]).filter(
    (a) => TRANSITIONS[a].from.includes(r.state) && (admin || (officer && TRANSITIONS[a].agency))
  )
  return open.map((action) => (
    <form
      class="card no-print"
      method="post"
      action={`/console/requests/${r.id}/${action}`}
      data-confirm={action === 'cancel' ? term('requestAction', 'cancel', p.lang) : undefined}
    >
      <Csrf token={csrf} />
      <input type="hidden" name="version" value={String(r.version)} />
      <div class="fields">
        {['return', 'refuse', 'cancel'].includes(action) && (
          <Field name="note" label={w.note} required={action !== 'cancel'} />
        )}
        {action === 'send' && (
          <>
            <Field
              name="channel"
              label={w.channel}
              options={CHANNELS.map(
                ([k, [vi, en]]) => [k, p.lang === 'vi' ? vi : en] as [string, string]
              )}
            />
            <Field name="reference" label={w.reference} />
            <Field
              name="sentOn"
              label={w.sentOn}
              attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
            />
          </>
        )}
        {action === 'done' && r.kind !== 'revocation' && r.kind !== 'recovery' && (
          <Field name="serial" label={w.resultSerial} required />
        )}
      </div>
      <p>
        <button
          type="submit"
          class={action === 'cancel' || action === 'refuse' ? 'danger' : undefined}
        >
          {capital(term('requestAction', action, p.lang))}
        </button>
      </p>
    </form>
  ))
}

/** One request: what it asks, where it stands, its deadline, and the next steps. */
export async function requestPage(p: Page, id: string, state: FormState = {}) {
  const w = words(p)
  const res = await p.api('GET', `/requests/${encodeURIComponent(id)}`)
  if (res.status !== 200) return null
  const r = res.body
  const names = await agencyNames(p, [r.agencyId])
  const item = async (i: any) => {
    if (i.certificateId) {
      const x = await p.api('GET', `/certificates/${i.certificateId}`)
      return x.status === 200 ? (
        <a href={`/console/certificates/${i.certificateId}`}>
          {x.body.serial} ({x.body.holder?.fullName ?? ''})
        </a>
      ) : (
        i.certificateId
      )
    }
    if (i.holderId) {
      const x = await p.api('GET', `/holders/${i.holderId}`)
      return x.status === 200 ? (
        <a href={`/console/holders/${i.holderId}`}>{x.body.fullName}</a>
      ) : (
        i.holderId
      )
    }
    const x = await p.api('GET', `/devices/${i.deviceId}`)
    return x.status === 200 ? (
      <a href={`/console/devices/${i.deviceId}`}>{x.body.serial}</a>
    ) : (
      i.deviceId
    )
  }
  const concerns = await Promise.all(r.items.map(item))
  return (
    <Layout
      page={p}
      title={`${capital(term('requestKind', r.kind, p.lang))} — ${names.get(r.agencyId)}`}
      path="/console/requests"
    >
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      <dl class="facts">
        <dt>{w.state}</dt>
        <dd>
          <Badge status={tone(r.state, r.overdue)} label={term('requestState', r.state, p.lang)} />
          {r.overdue && ` (${w.overdue})`}
          {r.stateNote && ` — ${r.stateNote}`}
        </dd>
        <dt>{w.agency}</dt>
        <dd>{names.get(r.agencyId)}</dd>
        <dt>{w.docNumber}</dt>
        <dd>
          {r.docNumber ?? '—'}
          {r.docDate && `, ${date(`${r.docDate}T00:00:00+07:00`)}`}
        </dd>
        {r.certificateKind && (
          <>
            <dt>{w.certificateKind}</dt>
            <dd>{term('certificateKind', r.certificateKind, p.lang)}</dd>
          </>
        )}
        {r.reasonCode !== null && (
          <>
            <dt>{w.reason}</dt>
            <dd>
              {p.lang === 'vi'
                ? REASONS[r.reasonCode as 1].cause
                : REASONS[r.reasonCode as 1].causeEn}{' '}
              — {r.cause}
            </dd>
          </>
        )}
        <dt>{w.concerns}</dt>
        <dd>
          {concerns.map((x) => (
            <div>{x}</div>
          ))}
        </dd>
        {r.sentAt && (
          <>
            <dt>{w.channel}</dt>
            <dd>
              {CHANNELS.find(([k]) => k === r.channel)?.[1][p.lang === 'vi' ? 0 : 1]}{' '}
              {r.reference && `(${r.reference})`}, {dateTime(r.sentAt)}
            </dd>
            <dt>{w.due}</dt>
            <dd>{date(`${r.dueDay}T00:00:00+07:00`)}</dd>
          </>
        )}
      </dl>
      <p>
        <a class="button" href={`/console/requests/${r.id}/print`}>
          {p.lang === 'vi' ? 'In văn bản đề nghị' : 'Print the request form'}
        </a>
      </p>
      {['draft', 'returned'].includes(r.state) &&
        ['admin', 'officer'].includes(p.c.get('principal').role) && (
          <form
            class="card no-print"
            method="post"
            action={`/console/requests/${r.id}/items`}
            enctype="multipart/form-data"
          >
            <h2>
              {p.lang === 'vi' ? 'Nhiều người: điền từ bảng tính' : 'Several people: from a sheet'}
            </h2>
            <p class="muted">
              {p.lang === 'vi'
                ? 'Mỗi dòng một người (họ tên hoặc số CCCD), một chứng thư số hoặc một thiết bị (số hiệu, số sê-ri) của cơ quan; thay cho danh sách hiện có.'
                : 'One row per person (name or CCCD), certificate or device (serial) of the agency; it replaces the current list.'}{' '}
              <a href="/api/v1/requests/template.xlsx" download>
                {p.lang === 'vi' ? 'Tải mẫu bảng tính (.xlsx)' : 'Download the template (.xlsx)'}
              </a>
            </p>
            <Csrf token={p.c.get('session')?.csrf} />
            <input type="hidden" name="version" value={String(r.version)} />
            <div class="fields">
              <div>
                <label for="f-items-file">
                  {p.lang === 'vi'
                    ? 'Tệp bảng tính (.xlsx hoặc CSV)'
                    : 'Spreadsheet (.xlsx or CSV)'}
                </label>
                <input
                  id="f-items-file"
                  name="file"
                  type="file"
                  accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  required
                />
              </div>
            </div>
            <p>
              <button type="submit">{p.lang === 'vi' ? 'Điền danh sách' : 'Fill the list'}</button>
            </p>
          </form>
        )}
      {actions(p, r, p.c.get('session')?.csrf)}
    </Layout>
  )
}
