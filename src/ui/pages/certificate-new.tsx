import { term } from '../../lib/messages'
import { Csrf, Field, Flash } from '../components'
import { date } from '../format'
import type { FieldError, Page } from '../kit'
import { Layout } from '../layout'
import { agencyNames, candidates, holderLabel, PickField } from '../pick'
import type { FormState } from './certificate'

const words = (p: Page) =>
  p.lang === 'vi'
    ? {
        title: 'Ghi nhận chứng thư số từ tệp',
        file: 'Tệp chứng thư số (.cer, .crt, .pem)',
        read: 'Đọc tệp',
        readFromFile: 'Thông tin đọc từ tệp — hãy kiểm tra trước khi lưu',
        subject: 'Chủ thể',
        issuer: 'Tổ chức cấp',
        fingerprint: 'Dấu vân tay SHA-256',
        already: 'Chứng thư số này đã có trong sổ đăng ký.',
        holder: 'Thuê bao (người hoặc cơ quan được cấp)',
        holderHint: 'Gõ họ tên hoặc số CCCD rồi chọn trong danh sách gợi ý',
        kind: 'Loại chứng thư số',
        save: 'Lưu vào sổ đăng ký',
        again: 'Chọn tệp khác',
        renewTitle: 'Gia hạn, cấp lại từ tệp chứng thư số mới',
        replaces: 'Thay thế cho chứng thư số',
        replacement: 'Hình thức',
        renewal: 'Gia hạn',
        byHand: 'Ghi nhận bằng tay (khi không có tệp)',
        byHandTitle: 'Ghi nhận chứng thư số bằng tay',
        byHandHelp:
          'Chỉ dùng khi không có tệp chứng thư số: các thông tin phải chép đúng như trên chứng thư số. Có tệp thì ghi nhận từ tệp để tránh sai sót.',
        subjectDn: 'Chủ thể (subject), ví dụ CN=Nguyễn Văn An,O=Sở Y tế,C=VN',
        notBefore: 'Có hiệu lực từ (dd/mm/yyyy)',
        notAfter: 'Hết hạn (dd/mm/yyyy)',
        device: 'Số sê-ri thiết bị lưu khóa (nếu có)',
      }
    : {
        title: 'Record a certificate from its file',
        file: 'Certificate file (.cer, .crt, .pem)',
        read: 'Read the file',
        readFromFile: 'Read from the file — check before saving',
        subject: 'Subject',
        issuer: 'Issuer',
        fingerprint: 'SHA-256 fingerprint',
        already: 'This certificate is already in the registry.',
        holder: 'Holder (the person or agency it was issued to)',
        holderHint: 'Type the name or CCCD number and pick from the suggestions',
        kind: 'Certificate kind',
        save: 'Save to the registry',
        again: 'Choose another file',
        renewTitle: 'Renew or re-issue from the new certificate file',
        replaces: 'Replaces the certificate',
        replacement: 'As',
        renewal: 'Renewal',
        byHand: 'Record by hand (when there is no file)',
        byHandTitle: 'Record a certificate by hand',
        byHandHelp:
          'Only when there is no certificate file: copy every field exactly as the certificate says. With the file, record it from the file to avoid mistakes.',
        subjectDn: 'Subject, e.g. CN=Nguyen Van An,O=Department of Health,C=VN',
        notBefore: 'Valid from (dd/mm/yyyy)',
        notAfter: 'Expires (dd/mm/yyyy)',
        device: 'Signing device serial (if any)',
      }

/** What a certificate file says, read by the public check (which also says if it is on record). */
export async function readCertificateFile(p: Page, bytes: Uint8Array) {
  const res = await p.api('POST', '/status/check', bytes, {
    'content-type': 'application/octet-stream',
  })
  return res.status === 200
    ? { ok: true as const, file: res.body.file, registered: res.body.registered === true }
    : { ok: false as const, message: res.body?.detail as string }
}

/** The certificate's kind and its holder (picked by name): both ways of recording ask them. */
async function KindAndHolder({
  p,
  values,
  errors,
}: {
  p: Page
  values: Record<string, string>
  errors?: FieldError[]
}) {
  const w = words(p)
  return (
    <>
      <Field
        name="kind"
        label={w.kind}
        value={values.kind ?? 'personal'}
        options={(['personal', 'organisation', 'device_service'] as const).map((k) => [
          k,
          term('certificateKind', k, p.lang),
        ])}
        errors={errors}
      />
      <PickField
        name="holder"
        label={w.holder}
        kind="holder"
        value={values.holder}
        options={await candidates(p, 'holder', values.holder ?? '')}
        errors={errors}
        hint={w.holderHint}
        required
      />
    </>
  )
}

/**
 * Recording a certificate from its file, in two steps: the file is read and what it says is shown
 * for a check (and whether the registry already holds it); then the holder (picked by name) and
 * the kind are chosen and it is saved. The file travels between the steps in the form itself.
 */
export async function certificateNew(
  p: Page,
  state: FormState & { file?: string; read?: Awaited<ReturnType<typeof readCertificateFile>> } = {}
) {
  const w = words(p)
  const read = state.read
  const csrf = p.c.get('session')?.csrf
  // A renewal or re-issue: the certificate it replaces, its holder and kind taken over.
  const replacesId = state.values?.replaces ?? p.c.req.query('replaces')
  const old = replacesId
    ? await p.api('GET', `/certificates/${encodeURIComponent(replacesId)}`)
    : null
  const replaced = old?.status === 200 ? old.body : null
  const holder = replaced?.holder?.id
    ? await p.api('GET', `/holders/${encodeURIComponent(replaced.holder.id)}`)
    : null
  const values = {
    ...(replaced && {
      replaces: replaced.id,
      kind: replaced.kind,
      holder:
        holder?.status === 200
          ? holderLabel(
              holder.body,
              (await agencyNames(p, [holder.body.agencyId])).get(holder.body.agencyId) ?? '',
              p.lang
            )
          : '',
    }),
    ...state.values,
  }
  const carried = replaced && <input type="hidden" name="replaces" value={replaced.id} />
  return (
    <Layout page={p} title={replaced ? w.renewTitle : w.title} path="/console/certificates">
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      {replaced && (
        <dl class="facts">
          <dt>{w.replaces}</dt>
          <dd>
            <a href={`/console/certificates/${replaced.id}`}>
              <code>{replaced.serial}</code>
            </a>{' '}
            ({p.t('notAfter').toLowerCase()} {date(replaced.notAfter)})
          </dd>
        </dl>
      )}
      {!read?.ok && (
        <form
          class="card"
          method="post"
          action="/console/certificates/new"
          enctype="multipart/form-data"
        >
          <Csrf token={csrf} />
          {carried}
          <div class="fields">
            <Field
              name="file"
              label={w.file}
              type="file"
              required
              errors={read && !read.ok ? [{ path: 'file', message: read.message }] : state.errors}
              attrs={{ accept: '.cer,.crt,.pem,.der' }}
            />
          </div>
          <p>
            <button type="submit">{w.read}</button>
          </p>
        </form>
      )}
      {!read?.ok && !replaced && (
        <p>
          <a href="/console/certificates/by-hand">{w.byHand}</a>
        </p>
      )}
      {read?.ok && (
        <form class="card" method="post" action="/console/certificates/new">
          <Csrf token={csrf} />
          <input type="hidden" name="certificate" value={state.file} />
          {carried}
          <h2>{w.readFromFile}</h2>
          {read.registered && <Flash ok={false}>{w.already}</Flash>}
          <dl class="facts">
            <dt>{p.t('serial')}</dt>
            <dd>
              <code>{read.file.serial}</code>
            </dd>
            <dt>{w.subject}</dt>
            <dd>{read.file.subject}</dd>
            <dt>{w.issuer}</dt>
            <dd>{read.file.issuer}</dd>
            <dt>{p.t('validity')}</dt>
            <dd>
              {date(read.file.notBefore)} – {date(read.file.notAfter)}
            </dd>
            <dt>{w.fingerprint}</dt>
            <dd>
              <code>{read.file.fingerprint}</code>
            </dd>
          </dl>
          <div class="fields">
            {await KindAndHolder({ p, values, errors: state.errors })}
            {replaced && (
              <Field
                name="replacement"
                label={w.replacement}
                value={values.replacement ?? ''}
                options={[
                  ['', w.renewal],
                  ['change', term('replacement', 'change', p.lang)],
                  ['device', term('replacement', 'device', p.lang)],
                ]}
                errors={state.errors}
              />
            )}
            <Field name="note" label={p.t('note')} value={values.note} errors={state.errors} />
          </div>
          <p>
            <button type="submit" name="save" value="1">
              {w.save}
            </button>{' '}
            <a href={`/console/certificates/new${replaced ? `?replaces=${replaced.id}` : ''}`}>
              {w.again}
            </a>
          </p>
        </form>
      )}
    </Layout>
  )
}

/** Recording a certificate by hand: every field as the certificate says, the holder by name. */
export async function certificateByHand(p: Page, state: FormState = {}) {
  const w = words(p)
  const values = state.values ?? {}
  const errors = state.errors
  const issuers = (await p.api('GET', '/issuers?limit=100')).body?.items ?? []
  return (
    <Layout page={p} title={w.byHandTitle} path="/console/certificates">
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      <p class="muted">{w.byHandHelp}</p>
      <form class="card" method="post" action="/console/certificates/by-hand">
        <Csrf token={p.c.get('session')?.csrf} />
        <div class="fields">
          {await KindAndHolder({ p, values, errors })}
          <Field
            name="serial"
            label={p.t('serial')}
            value={values.serial}
            errors={errors}
            required
          />
          <Field
            name="issuer"
            label={w.issuer}
            value={values.issuer}
            options={issuers.map((i: any) => [i.dn, i.name] as [string, string])}
            errors={errors}
          />
          <Field
            name="subject"
            label={w.subjectDn}
            value={values.subject}
            errors={errors}
            required
          />
          <Field
            name="notBefore"
            label={w.notBefore}
            value={values.notBefore}
            errors={errors}
            required
            attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
          />
          <Field
            name="notAfter"
            label={w.notAfter}
            value={values.notAfter}
            errors={errors}
            required
            attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
          />
          <Field name="device" label={w.device} value={values.device} errors={errors} />
          <Field name="note" label={p.t('note')} value={values.note} errors={errors} />
        </div>
        <p>
          <button type="submit">{w.save}</button>
        </p>
      </form>
    </Layout>
  )
}
