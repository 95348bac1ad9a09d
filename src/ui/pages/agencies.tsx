import type { Child } from 'hono/jsx'
import { term } from '../../lib/messages'
import { ActionForm, Badge, Csrf, Field, Flash, History } from '../components'
import { counted, date, dateTime } from '../format'
import { query, type Page } from '../kit'
import { Layout } from '../layout'
import { agencyLabel, agencyNames, candidates, PickField } from '../pick'
import type { FormState } from './certificate'

export const AGENCY_KINDS = ['province', 'department', 'commune', 'unit', 'other'] as const
/** How many agencies a split names on one form (more parts: split again, or use the API). */
export const SPLIT_PARTS = 3

const words = (p: Page) =>
  p.lang === 'vi'
    ? {
        add: 'Thêm cơ quan, tổ chức',
        code: 'Mã cơ quan',
        name: 'Tên cơ quan, tổ chức',
        parent: 'Cơ quan cấp trên',
        parentHint: 'Gõ tên hoặc mã rồi chọn; để trống nếu là cấp cao nhất',
        pickHint: 'Gõ tên hoặc mã cơ quan rồi chọn trong danh sách gợi ý',
        emails: 'Thư điện tử nhận nhắc hạn (cách nhau bởi dấu phẩy)',
        webhook: 'Địa chỉ webhook nhận nhắc hạn (nếu có)',
        reminderDays:
          'Ngưỡng nhắc hạn, số ngày trước khi hết hạn (cách nhau bởi dấu phẩy; để trống: theo mặc định; rơi vào ngày nghỉ thì nhắc vào ngày làm việc liền trước)',
        edit: 'Sửa thông tin, đổi tên',
        renameNote: 'Đổi tên thì tên cũ vẫn được lưu và vẫn tìm được.',
        units: 'Đơn vị trực thuộc',
        formerNames: 'Tên trước đây',
        successor: 'Cơ quan tiếp nhận',
        holdersInPost: 'Người đang công tác',
        devices: 'Thiết bị lưu khóa',
        certificates: 'Chứng thư số (cả đơn vị trực thuộc)',
        merge: 'Sáp nhập vào cơ quan khác',
        mergeInto: 'Sáp nhập vào',
        mergeHelp:
          'Người, thiết bị, đơn vị trực thuộc và chứng thư số cá nhân còn hiệu lực chuyển sang cơ quan tiếp nhận; chứng thư số của con dấu cơ quan được liệt kê để đề nghị thay đổi hoặc thu hồi.',
        split: 'Chia, tách cơ quan',
        splitHelp:
          'Chọn các cơ quan nhận, rồi chọn nơi chuyển đến cho từng đơn vị, người và thiết bị; để “Ở lại” nếu không chuyển.',
        part: 'Cơ quan nhận',
        stays: 'Ở lại',
        goesTo: 'Chuyển đến',
        ends: 'Chia (cơ quan chấm dứt hoạt động sau khi chuyển hết)',
        takesOver: 'Cơ quan tiếp nhận công việc còn lại (nếu chia)',
        heir: 'Cơ quan tiếp nhận công việc (nếu có; không có: Sở)',
        dissolve: 'Giải thể',
        dissolveHelp:
          'Chỉ giải thể được khi không còn đơn vị trực thuộc, người đang công tác hay thiết bị. Thông báo nhắc hạn của chứng thư số còn lại gửi cho cơ quan tiếp nhận, hoặc cho Sở.',
        correct: 'Đính chính sắp xếp nhầm',
        correctHelp:
          'Hoàn tác lần sáp nhập, chia tách hoặc giải thể gần nhất của cơ quan này: cơ quan hoạt động trở lại và những gì đã chuyển đi được chuyển về.',
        reason: 'Lý do đính chính',
        decisionNote: 'Căn cứ (số, ngày quyết định)',
        history: 'Lịch sử',
        left: 'Còn phải làm',
        moved: 'Đã chuyển',
        sealsLeft: 'Chứng thư số của con dấu cơ quan cần đề nghị thay đổi hoặc thu hồi',
        none: 'Không có.',
        what: 'Đơn vị, người, thiết bị',
        unit: 'Đơn vị',
        person: 'Người',
        device: 'Thiết bị',
        openList: 'Xem danh sách',
        until: 'đến',
        emailsShort: 'Thư điện tử nhận nhắc hạn',
        thresholds: 'Ngưỡng nhắc hạn (ngày)',
      }
    : {
        add: 'Add an agency',
        code: 'Agency code',
        name: 'Agency name',
        parent: 'Parent agency',
        parentHint: 'Type a name or code and pick it; leave empty for a top-level agency',
        pickHint: 'Type the agency’s name or code and pick it from the suggestions',
        emails: 'Reminder e-mail addresses (comma separated)',
        webhook: 'Reminder webhook URL (if any)',
        reminderDays:
          'Reminder thresholds, days before expiry (comma separated; empty: the default; one falling on a day off goes out on the working day before)',
        edit: 'Edit, rename',
        renameNote: 'A renamed agency keeps its former names, and is still found by them.',
        units: 'Units under it',
        formerNames: 'Former names',
        successor: 'Successor',
        holdersInPost: 'People in post',
        devices: 'Signing devices',
        certificates: 'Certificates (units included)',
        merge: 'Merge into another agency',
        mergeInto: 'Merge into',
        mergeHelp:
          'Its people, devices, units and active personal certificates move to the successor; its seal certificates are listed, to change or revoke.',
        split: 'Split the agency',
        splitHelp:
          'Pick the receiving agencies, then where each unit, person and device goes; leave “Stays” for what does not move.',
        part: 'Receiving agency',
        stays: 'Stays',
        goesTo: 'Goes to',
        ends: 'Divide (the agency ends once everything is placed)',
        takesOver: 'Agency that takes over what is left (when divided)',
        heir: 'Agency that takes over its affairs (if any; none: the department)',
        dissolve: 'Dissolve',
        dissolveHelp:
          'Only once no unit, person in post or device is left. Notices of its remaining certificates go to the agency that takes over, or to the department.',
        correct: 'Correct a mistaken reorganisation',
        correctHelp:
          'Undoes this agency’s last merger, split or dissolution: it is active again and what moved comes back.',
        reason: 'Why it was a mistake',
        decisionNote: 'Basis (decision number and date)',
        history: 'History',
        left: 'Left to do',
        moved: 'Moved',
        sealsLeft: 'Seal certificates to change or revoke',
        none: 'None.',
        what: 'Unit, person, device',
        unit: 'Unit',
        person: 'Person',
        device: 'Device',
        openList: 'Open the list',
        until: 'until',
        emailsShort: 'Reminder e-mail addresses',
        thresholds: 'Reminder thresholds (days)',
      }

/** Every agency the reader may see (up to 4,000: a province has a few hundred). */
async function allAgencies(p: Page) {
  const all: any[] = []
  let cursor: string | null = null
  for (let i = 0; i < 20; i++) {
    const page: any = await p.api('GET', `/agencies?${query({ limit: 200, cursor })}`)
    all.push(...(page.body?.items ?? []))
    cursor = page.body?.nextCursor
    if (!cursor) break
  }
  return all
}

/** The agency tree, every level, as nested lists (each agency links to its page). */
export async function agencyTree(p: Page) {
  const { t } = p
  const w = words(p)
  const all = await allAgencies(p)
  const ids = new Set(all.map((a) => a.id))
  const children = (parent: string | null) =>
    all.filter((a) =>
      parent === null ? !a.parentId || !ids.has(a.parentId) : a.parentId === parent
    )
  const branch = (parent: string | null): Child => (
    <ul>
      {children(parent).map((a) => (
        <li>
          <a href={`/console/agencies/${a.id}`}>{a.name}</a>{' '}
          <small>
            ({a.code}
            {a.status !== 'active' ? `, ${term('agencyStatus', a.status, p.lang)}` : ''})
          </small>
          {children(a.id).length > 0 && branch(a.id)}
        </li>
      ))}
    </ul>
  )
  return (
    <Layout page={p} title={t('agencies')} path="/console/agencies">
      {p.c.get('principal').role === 'admin' && (
        <p>
          <a class="button" href="/console/agencies/new">
            {w.add}
          </a>
        </p>
      )}
      <div class="tree">{branch(null)}</div>
    </Layout>
  )
}

/** The fields of an agency, for adding one and for editing (or renaming) it. */
async function AgencyFields({ p, values, errors }: { p: Page } & FormState) {
  const w = words(p)
  const v = values ?? {}
  return (
    <div class="fields">
      <Field name="code" label={w.code} value={v.code} errors={errors} required />
      <Field name="name" label={w.name} value={v.name} errors={errors} required />
      <Field
        name="kind"
        label={p.t('kind')}
        value={v.kind ?? 'department'}
        options={AGENCY_KINDS.map((k) => [k, term('agencyKind', k, p.lang)] as [string, string])}
        errors={errors}
      />
      <PickField
        name="parent"
        label={w.parent}
        kind="agency"
        value={v.parent}
        options={await candidates(p, 'agency', v.parent ?? '')}
        errors={errors}
        hint={w.parentHint}
      />
      <Field name="emails" label={w.emails} value={v.emails} errors={errors} />
      <Field name="reminderDays" label={w.reminderDays} value={v.reminderDays} errors={errors} />
      <Field name="webhookUrl" label={w.webhook} type="url" value={v.webhookUrl} errors={errors} />
    </div>
  )
}

/** Adding an agency: its code, name, kind and parent (picked by name). */
export async function agencyNew(p: Page, state: FormState = {}) {
  const w = words(p)
  return (
    <Layout page={p} title={w.add} path="/console/agencies">
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      <form class="card" method="post" action="/console/agencies">
        <Csrf token={p.c.get('session')?.csrf} />
        {await AgencyFields({ p, ...state })}
        <p>
          <button type="submit">{p.t('save')}</button>
        </p>
      </form>
    </Layout>
  )
}

/** What a reorganisation answered: what moved, and what is left for the department to do. */
function Outcome({ p, done }: { p: Page; done: any }) {
  const w = words(p)
  const moved = done.moved
  return (
    <section class="card">
      {moved && (
        <p>
          {w.moved}:{' '}
          {[
            counted(p.lang, moved.units, ['đơn vị', 'unit', 'units']),
            counted(p.lang, moved.holders, ['người', 'person', 'people']),
            counted(p.lang, moved.devices, ['thiết bị', 'device', 'devices']),
            counted(p.lang, moved.certificates, ['chứng thư số', 'certificate', 'certificates']),
          ].join(', ')}
          .
        </p>
      )}
      <h2>{w.sealsLeft}</h2>
      {done.toChangeOrRevoke?.items.length ? (
        <ul>
          {done.toChangeOrRevoke.items.map((x: any) => (
            <li>
              <a href={`/console/certificates/${x.id}`}>{x.serial}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{w.none}</p>
      )}
    </section>
  )
}

/**
 * One agency: facts, units, people and devices, history; for the department the forms that
 * change it: edit or rename, merge, split, dissolve, and correct a mistaken reorganisation.
 */
export async function agencyPage(p: Page, id: string, state: FormState & { done?: any } = {}) {
  const { t, c } = p
  const w = words(p)
  const res = await p.api('GET', `/agencies/${encodeURIComponent(id)}`)
  if (res.status !== 200) return null
  const a = res.body
  const role = c.get('principal').role
  const admin = role === 'admin'
  const [units, holders, devices, audit] = await Promise.all([
    p.api('GET', `/agencies?${query({ parentId: a.id, limit: 200 })}`),
    p.api(
      'GET',
      `/holders?${query({ agencyId: a.id, kind: 'person', status: 'in_post', limit: 200 })}`
    ),
    p.api('GET', `/devices?${query({ agencyId: a.id, limit: 200 })}`),
    admin || role === 'auditor'
      ? p.api('GET', `/audit?${query({ entityId: a.id, limit: 50 })}`)
      : Promise.resolve({ status: 403, body: null }),
  ])
  // The parent read whole (its code labels the edit form's pick); the successor by name only.
  const [names, parent] = await Promise.all([
    agencyNames(p, [a.successorId]),
    a.parentId ? p.api('GET', `/agencies/${encodeURIComponent(a.parentId)}`) : null,
  ])
  const nameOf = (x: string | null) =>
    !x ? '—' : x === a.parentId && parent?.status === 200 ? parent.body.name : (names.get(x) ?? x)
  const unitList: any[] = (units.body?.items ?? []).filter((u: any) => u.status === 'active')
  const holderList: any[] = holders.body?.items ?? []
  const deviceList: any[] = devices.body?.items ?? []
  const csrf = c.get('session')?.csrf
  const values = state.values ?? {}
  const errs = (form: string) => (state.form === form ? state.errors : undefined)
  const typed = (form: string, name: string) => (state.form === form ? values[name] : '')
  const active = a.status === 'active'
  const reorganised = (audit.body?.items ?? []).find((e: any) =>
    ['agency.merge', 'agency.split', 'agency.dissolve', 'agency.correct'].includes(e.action)
  )
  const pick = async (form: string, name: string, label: string, required = true) => (
    <PickField
      name={name}
      label={label}
      kind="agency"
      value={typed(form, name)}
      options={await candidates(p, 'agency', typed(form, name) ?? '')}
      errors={errs(form)}
      hint={w.pickHint}
      required={required}
      form={form}
    />
  )
  const note = (form: string) => (
    <Field name="note" label={w.decisionNote} value={typed(form, 'note')} errors={errs(form)} />
  )
  const members: [string, string, string][] = [
    ...unitList.map((u) => ['unit', u.id, `${w.unit}: ${u.name}`] as [string, string, string]),
    ...holderList.map(
      (h) => ['holder', h.id, `${w.person}: ${h.fullName}`] as [string, string, string]
    ),
    ...deviceList.map(
      (d) => ['device', d.id, `${w.device}: ${d.serial}`] as [string, string, string]
    ),
  ]
  return (
    <Layout page={p} title={a.name} path="/console/agencies">
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      {state.done && <Outcome p={p} done={state.done} />}
      <dl class="facts">
        <dt>{w.code}</dt>
        <dd>{a.code}</dd>
        <dt>{t('kind')}</dt>
        <dd>{term('agencyKind', a.kind, p.lang)}</dd>
        <dt>{t('status')}</dt>
        <dd>
          <Badge
            status={active ? 'active' : 'revoked'}
            label={term('agencyStatus', a.status, p.lang)}
          />
        </dd>
        <dt>{w.parent}</dt>
        <dd>
          {a.parentId ? <a href={`/console/agencies/${a.parentId}`}>{nameOf(a.parentId)}</a> : '—'}
        </dd>
        {a.successorId && (
          <>
            <dt>{w.successor}</dt>
            <dd>
              <a href={`/console/agencies/${a.successorId}`}>{nameOf(a.successorId)}</a>
            </dd>
          </>
        )}
        {a.formerNames.length > 0 && (
          <>
            <dt>{w.formerNames}</dt>
            <dd>
              {a.formerNames.map((f: any) => `${f.name} (${w.until} ${date(f.until)})`).join('; ')}
            </dd>
          </>
        )}
        <dt>{w.emailsShort}</dt>
        <dd>{a.emails.join(', ') || '—'}</dd>
        <dt>{w.thresholds}</dt>
        <dd>{a.reminderDays?.join(', ') ?? '—'}</dd>
        <dt>{w.certificates}</dt>
        <dd>
          <a href={`/console/certificates?${query({ agencyId: a.id })}`}>{w.openList}</a>
        </dd>
      </dl>
      <h2>{w.units}</h2>
      {unitList.length ? (
        <ul>
          {unitList.map((u) => (
            <li>
              <a href={`/console/agencies/${u.id}`}>{u.name}</a> <small>({u.code})</small>
            </li>
          ))}
        </ul>
      ) : (
        <p>{w.none}</p>
      )}
      <h2>{w.holdersInPost}</h2>
      {holderList.length ? (
        <ul>
          {holderList.map((h) => (
            <li>
              <a href={`/console/holders/${h.id}`}>{h.fullName}</a>
              {h.position && ` — ${h.position}`}
            </li>
          ))}
        </ul>
      ) : (
        <p>{w.none}</p>
      )}
      <h2>{w.devices}</h2>
      {deviceList.length ? (
        <ul>
          {deviceList.map((d) => (
            <li>
              <a href={`/console/devices/${d.id}`}>{d.serial}</a> (
              {term('deviceStatus', d.status, p.lang)})
            </li>
          ))}
        </ul>
      ) : (
        <p>{w.none}</p>
      )}
      {admin && active && (
        <ActionForm
          action={`/console/agencies/${a.id}`}
          title={w.edit}
          help={w.renameNote}
          csrf={csrf}
          version={a.version}
          button={t('save')}
        >
          {await AgencyFields({
            p,
            values:
              state.form === 'edit'
                ? values
                : {
                    code: a.code,
                    name: a.name,
                    kind: a.kind,
                    parent: parent?.status === 200 ? agencyLabel(parent.body) : '',
                    emails: a.emails.join(', '),
                    reminderDays: (a.reminderDays ?? []).join(', '),
                    webhookUrl: a.webhookUrl ?? '',
                  },
            errors: errs('edit'),
          })}
        </ActionForm>
      )}
      {admin && active && (
        <ActionForm
          action={`/console/agencies/${a.id}/merge`}
          title={w.merge}
          help={w.mergeHelp}
          csrf={csrf}
          version={a.version}
          confirm
          danger
        >
          <div class="fields">
            {await pick('merge', 'successor', w.mergeInto)}
            {note('merge')}
          </div>
        </ActionForm>
      )}
      {admin && active && members.length > 0 && (
        <ActionForm
          action={`/console/agencies/${a.id}/split`}
          title={w.split}
          help={w.splitHelp}
          csrf={csrf}
          version={a.version}
          confirm
          danger
        >
          <div class="fields">
            {await Promise.all(
              Array.from({ length: SPLIT_PARTS }, (_, i) =>
                pick('split', `part${i + 1}`, `${w.part} ${i + 1}`, i === 0)
              )
            )}
          </div>
          <div class="scroll" tabindex={0} role="region" aria-label={w.what}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{w.what}</th>
                  <th scope="col">{w.goesTo}</th>
                </tr>
              </thead>
              <tbody>
                {members.map(([kind, mid, label]) => (
                  <tr>
                    <td>
                      <label for={`f-to-${mid}`}>{label}</label>
                    </td>
                    <td>
                      <select id={`f-to-${mid}`} name={`to.${kind}.${mid}`}>
                        <option value="">{w.stays}</option>
                        {Array.from({ length: SPLIT_PARTS }, (_, i) => (
                          <option
                            value={String(i + 1)}
                            selected={typed('split', `to.${kind}.${mid}`) === String(i + 1)}
                          >
                            {`${w.part} ${i + 1}`}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <label class="check">
              <input type="checkbox" name="dissolve" value="true" /> {w.ends}
            </label>
          </p>
          <div class="fields">
            {await pick('split', 'successor', w.takesOver, false)}
            {note('split')}
          </div>
        </ActionForm>
      )}
      {admin && active && (
        <ActionForm
          action={`/console/agencies/${a.id}/dissolve`}
          title={w.dissolve}
          help={w.dissolveHelp}
          csrf={csrf}
          version={a.version}
          confirm
          danger
        >
          <div class="fields">
            {await pick('dissolve', 'successor', w.heir, false)}
            {note('dissolve')}
          </div>
        </ActionForm>
      )}
      {admin && reorganised && reorganised.action !== 'agency.correct' && (
        <ActionForm
          action={`/console/agencies/${a.id}/correct`}
          title={w.correct}
          help={
            <>
              {w.correctHelp} ({term('auditAction', reorganised.action, p.lang)},{' '}
              {dateTime(reorganised.at)})
            </>
          }
          csrf={csrf}
          version={a.version}
          confirm
        >
          <div class="fields">
            <Field
              name="reason"
              label={w.reason}
              value={typed('correct', 'reason')}
              errors={errs('correct')}
              required
            />
          </div>
        </ActionForm>
      )}
      {audit.status === 200 && (
        <History title={w.history} lang={p.lang} entries={audit.body.items} />
      )}
    </Layout>
  )
}
