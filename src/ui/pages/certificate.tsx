import { DEPARTMENT_CODES, REASONS } from '../../domain/reasons'
import type { FieldError } from '../kit'
import { ActionForm, Badge, Csrf, Field, Flash, History } from '../components'
import { agencyLabel, candidates, PickField } from '../pick'
import { term } from '../../lib/messages'
import { date, shownStatus } from '../format'
import type { Page } from '../kit'
import { Layout } from '../layout'

export interface FormState {
  form?: string
  values?: Record<string, string>
  errors?: FieldError[]
  message?: { ok: boolean; text: string }
  /** The CA's OCSP responder's answer, when the department just asked it. */
  ocsp?: any
}

const words = (p: Page) =>
  p.lang === 'vi'
    ? {
        edit: 'Sửa thông tin: thiết bị lưu khóa, cơ quan, ghi chú',
        device: 'Số sê-ri thiết bị lưu khóa (để trống: không gắn thiết bị)',
        deviceHint: 'Số sê-ri in trên token',
        correct: 'Đính chính: thu hồi ghi nhầm',
        correctHelp:
          'Rút lại việc thu hồi đã ghi nhầm vào chứng thư số này. Nhật ký giữ lý do, trước và sau. Thu hồi có trong CRL của CA là lời của CA, không đính chính được.',
        reason: 'Lý do đính chính',
      }
    : {
        edit: 'Edit: signing device, agency, note',
        device: 'Signing device serial (empty: on no device)',
        deviceHint: 'The serial printed on the token',
        correct: 'Correct a revocation recorded by mistake',
        correctHelp:
          "Withdraws a revocation recorded on this certificate by mistake; the log keeps the reason, before and after. A revocation on the CA's CRL is the CA's word and cannot be corrected.",
        reason: 'Why it was a mistake',
      }

/**
 * One certificate: its facts, renewal chain, notices and history, and (for admins) the revoke
 * form (the reason picker shows the Vietnamese causes; the browser asks to confirm) and the
 * renewal form. A refused action comes back with the form filled in and the errors beside it.
 */
export async function certificatePage(p: Page, id: string, state: FormState = {}) {
  const { t, c } = p
  const principal = c.get('principal')
  const res = await p.api('GET', `/certificates/${encodeURIComponent(id)}`)
  if (res.status !== 200) return null
  const cert = res.body
  const audit =
    principal.role === 'admin' || principal.role === 'auditor'
      ? (await p.api('GET', `/audit?entityId=${cert.id}&limit=50`)).body.items
      : []
  const values = state.values ?? {}
  const errs = (form: string) => (state.form === form ? state.errors : undefined)
  const csrf = c.get('session')?.csrf
  const w = words(p)
  return (
    <Layout page={p} title={`${t('certificate')} ${cert.serial}`} path="/console/certificates">
      {state.message && <Flash ok={state.message.ok}>{state.message.text}</Flash>}
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd>
          <Badge
            status={shownStatus(cert.status, cert.daysLeft)}
            label={t(shownStatus(cert.status, cert.daysLeft) as 'active')}
          />{' '}
          {cert.reason &&
            `— ${p.lang === 'vi' ? cert.reason.cause : cert.reason.causeEn} (${date(cert.revokedAt)})`}
        </dd>
        {cert.holdAt && (
          <>
            <dt>{t('on_hold')}</dt>
            <dd>{date(cert.holdAt)}</dd>
          </>
        )}
        <dt>{t('holder')}</dt>
        <dd>{cert.holder.fullName}</dd>
        <dt>{t('agency')}</dt>
        <dd>{cert.agency.name}</dd>
        <dt>{t('kind')}</dt>
        <dd>{t(cert.kind)}</dd>
        <dt>{t('serial')}</dt>
        <dd>
          <code>{cert.serial}</code>
        </dd>
        <dt>{p.lang === 'vi' ? 'Tổ chức cấp (issuer)' : 'Issuer'}</dt>
        <dd>{cert.issuer}</dd>
        <dt>{p.lang === 'vi' ? 'Chủ thể (subject)' : 'Subject'}</dt>
        <dd>{cert.subject}</dd>
        <dt>{t('validity')}</dt>
        <dd>
          {date(cert.notBefore)} – {date(cert.notAfter)} ({cert.daysLeft}{' '}
          {p.lang === 'vi' ? 'ngày' : 'days'})
        </dd>
        <dt>{t('device')}</dt>
        <dd>
          {cert.device ? (
            <a href={`/console/devices/${cert.device.id}`}>{cert.device.serial}</a>
          ) : (
            '—'
          )}
        </dd>
      </dl>

      <h2>{t('chain')}</h2>
      <ol>
        {cert.chain.map((link: any) => (
          <li>
            {link.id === cert.id ? (
              <strong>{link.serial}</strong>
            ) : (
              <a href={`/console/certificates/${link.id}`}>{link.serial}</a>
            )}{' '}
            {date(link.notBefore)} – {date(link.notAfter)}{' '}
            <Badge status={link.status} label={t(link.status)} />
          </li>
        ))}
      </ol>

      <h2>{t('notices')}</h2>
      {cert.notices.length ? (
        <ul>
          {cert.notices.map((n: any) => (
            <li>
              {n.threshold === -2
                ? t('revoked')
                : n.threshold === -1
                  ? t('expired')
                  : `${n.threshold} ${p.lang === 'vi' ? 'ngày' : 'days'}`}{' '}
              — {date(n.dueDate)}{' '}
              <Badge status={n.state} label={term('noticeState', n.state, p.lang)} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('noResults')}</p>
      )}

      <History title={t('history')} lang={p.lang} entries={audit} />

      {principal.role === 'admin' && (
        <>
          <h2>{t('askCa')}</h2>
          {state.ocsp && (
            <Flash ok={state.ocsp.agrees}>
              {t('ocspSays')}: {t(state.ocsp.status === 'good' ? 'active' : state.ocsp.status)}
              {state.ocsp.revokedAt ? ` (${date(state.ocsp.revokedAt)})` : ''} — {t('registrySays')}
              : {t(state.ocsp.registry)}. {state.ocsp.agrees ? t('ocspAgrees') : t('ocspDisagrees')}{' '}
              ({t('ocspAsOf')} {date(state.ocsp.thisUpdate)})
            </Flash>
          )}
          <form method="post" action={`/console/certificates/${cert.id}/ocsp`}>
            <Csrf token={csrf} />
            <button type="submit">{t('askOcsp')}</button>
          </form>
        </>
      )}
      {principal.role === 'admin' && (
        <ActionForm
          action={`/console/certificates/${cert.id}/edit`}
          title={w.edit}
          csrf={csrf}
          version={cert.version}
          button={t('save')}
        >
          <div class="fields">
            <Field
              name="device"
              label={w.device}
              value={state.form === 'edit' ? values.device : (cert.device?.serial ?? '')}
              errors={errs('edit')}
              form="edit"
              hint={w.deviceHint}
            />
            <PickField
              name="agency"
              label={t('agency')}
              kind="agency"
              value={state.form === 'edit' ? values.agency : agencyLabel(cert.agency)}
              options={await candidates(
                p,
                'agency',
                state.form === 'edit' ? (values.agency ?? '') : ''
              )}
              errors={errs('edit')}
              form="edit"
              required
            />
            <Field
              name="note"
              label={t('note')}
              value={state.form === 'edit' ? values.note : (cert.note ?? '')}
              errors={errs('edit')}
              form="edit"
            />
          </div>
        </ActionForm>
      )}
      {principal.role === 'admin' && cert.status === 'revoked' && (
        <ActionForm
          action={`/console/certificates/${cert.id}/correct`}
          title={w.correct}
          help={w.correctHelp}
          csrf={csrf}
          version={cert.version}
          confirm
        >
          <div class="fields">
            <Field
              name="reason"
              label={w.reason}
              value={state.form === 'correct' ? values.reason : ''}
              errors={errs('correct')}
              form="correct"
              required
            />
          </div>
        </ActionForm>
      )}
      {principal.role === 'admin' && cert.status !== 'revoked' && (
        <>
          <h2>{t('revoke')}</h2>
          <form
            class="card"
            method="post"
            action={`/console/certificates/${cert.id}/revoke`}
            data-confirm={t('revokeConfirm')}
          >
            <Csrf token={csrf} />
            <div class="fields">
              <Field
                name="reasonCode"
                label={t('reason')}
                value={values.reasonCode}
                errors={errs('revoke')}
                required
                options={[
                  ['', '—'],
                  ...DEPARTMENT_CODES.map(
                    (code) =>
                      [
                        String(code),
                        `${code} ${REASONS[code].name}: ${p.lang === 'vi' ? REASONS[code].cause : REASONS[code].causeEn}`,
                      ] as [string, string]
                  ),
                ]}
              />
              <Field
                name="revokedAt"
                label={`${t('when')} (dd/mm/yyyy HH:mm)`}
                value={values.revokedAt}
                errors={errs('revoke')}
                attrs={{ placeholder: 'dd/mm/yyyy HH:mm' }}
              />
              <Field
                name="invalidityDate"
                label={`${t('invalidityDate')} (dd/mm/yyyy HH:mm)`}
                value={values.invalidityDate}
                errors={errs('revoke')}
                attrs={{ placeholder: 'dd/mm/yyyy HH:mm' }}
              />
              <Field name="note" label={t('note')} value={values.note} errors={errs('revoke')} />
            </div>
            <p>
              <button type="submit" class="danger">
                {t('revoke')}
              </button>
            </p>
          </form>
        </>
      )}
      {principal.role === 'admin' &&
        (cert.status === 'active' || cert.status === 'not_yet_valid') &&
        !cert.replacedById && (
          <>
            <h2>{t('renew')}</h2>
            <p>
              <a class="button" href={`/console/certificates/new?replaces=${cert.id}`}>
                {p.lang === 'vi'
                  ? 'Gia hạn, cấp lại từ tệp chứng thư số mới'
                  : 'Renew or re-issue from the new certificate file'}
              </a>
            </p>
            <p class="muted">
              {p.lang === 'vi'
                ? 'Hoặc ghi nhận bằng tay khi không có tệp:'
                : 'Or record it by hand when there is no file:'}
            </p>
            <form class="card" method="post" action={`/console/certificates/${cert.id}/renew`}>
              <Csrf token={csrf} />
              <div class="fields">
                <Field
                  name="serial"
                  label={t('serial')}
                  value={values.serial}
                  errors={errs('renew')}
                  required
                />
                <Field
                  name="issuer"
                  label={p.lang === 'vi' ? 'Tổ chức cấp (issuer)' : 'Issuer'}
                  value={values.issuer ?? cert.issuer}
                  errors={errs('renew')}
                  required
                />
                <Field
                  name="subject"
                  label={p.lang === 'vi' ? 'Chủ thể (subject)' : 'Subject'}
                  value={values.subject ?? cert.subject}
                  errors={errs('renew')}
                  required
                />
                <Field
                  name="notBefore"
                  label={`${t('notBefore')} (dd/mm/yyyy)`}
                  value={values.notBefore}
                  errors={errs('renew')}
                  required
                  attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
                />
                <Field
                  name="notAfter"
                  label={`${t('notAfter')} (dd/mm/yyyy)`}
                  value={values.notAfter}
                  errors={errs('renew')}
                  required
                  attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
                />
              </div>
              <p>
                <button type="submit">{t('renew')}</button>
              </p>
            </form>
          </>
        )}
    </Layout>
  )
}
