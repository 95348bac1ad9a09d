import { Badge, Csrf, Field, Flash } from '../components'
import { date } from '../format'
import type { Page } from '../kit'
import type { FormState } from './certificate'
import { Layout } from '../layout'

/** A time as the department reads it: dd/mm/yyyy HH:mm, Vietnam time. */
const at = (iso: string | null | undefined) =>
  iso
    ? new Date(Date.parse(iso) + 7 * 3600_000)
        .toISOString()
        .replace(/^(\d+)-(\d+)-(\d+)T(\d+:\d+).*$/, '$3/$2/$1 $4')
    : '—'

const issuerWords = (p: Page) =>
  p.lang === 'vi'
    ? {
        register: 'Đăng ký tổ chức cấp (CA)',
        registerHelp:
          'Tải lên chứng thư số của CA (Ban Cơ yếu Chính phủ công bố): tên và khóa của CA được đọc từ tệp.',
        caFile: 'Tệp chứng thư số của CA (.cer, .crt, .pem)',
        change: 'Sửa, thêm khóa',
        name: 'Tên gọi',
        crlUrls: 'Địa chỉ tải CRL (cách nhau bởi dấu cách)',
        ocspUrls: 'Địa chỉ OCSP (cách nhau bởi dấu cách)',
        newKey: 'Chứng thư số mới của CA (khi CA đổi khóa)',
        addKey: 'Thêm khóa',
        registered: 'Đã đăng ký tổ chức cấp',
      }
    : {
        register: 'Register an issuing CA',
        registerHelp:
          "Upload the CA's certificate (as the Government Cipher Committee publishes it): its name and key are read from the file.",
        caFile: "The CA's certificate file (.cer, .crt, .pem)",
        change: 'Edit, add a key',
        name: 'Name',
        crlUrls: 'CRL addresses (separated by spaces)',
        ocspUrls: 'OCSP addresses (separated by spaces)',
        newKey: "The CA's new certificate (after a key change)",
        addKey: 'Add the key',
        registered: 'Issuer registered',
      }

/**
 * The issuing CAs and the freshness of their word: each issuer's newest CRL (stale, or none, said
 * plainly), where it is fetched from and how the last fetches went; a CRL upload; a "fetch now"
 * button; and the way to the reconciliation with the CA.
 */
export async function issuersPage(
  p: Page,
  message?: { ok: boolean; text: string },
  state: FormState = {}
) {
  const { t, c } = p
  const w = issuerWords(p)
  const errs = (form: string) => (state.form === form ? state.errors : undefined)
  const [issuers, fetches] = await Promise.all([p.get('/issuers'), p.get('/crls/fetches?limit=20')])
  const admin = c.get('principal').role === 'admin'
  const csrf = c.get('session')?.csrf
  const now = Date.now()
  const name = new Map<string, string>(issuers.items.map((i: any) => [i.id, i.name]))
  return (
    <Layout page={p} title={t('issuers')} path="/console/issuers">
      {message && <Flash ok={message.ok}>{message.text}</Flash>}
      <p>
        <a href="/console/reconciliation">{t('reconciliation')}</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('issuerName')}</th>
            <th scope="col">{t('caKeys')}</th>
            <th scope="col">{t('caCrl')}</th>
            <th scope="col">{t('crlUrls')}</th>
            {admin && <th scope="col">{t('actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {issuers.items.map((i: any) => {
            const due = i.crlNextUpdate ? Date.parse(i.crlNextUpdate) : null
            const stale = i.crlThisUpdate !== null && due !== null && due < now
            return (
              <tr>
                <td>
                  <strong>{i.name}</strong>
                  <br />
                  <small>{i.dn}</small>
                </td>
                <td>
                  {i.keys.length
                    ? i.keys.map((k: any) => (
                        <div>
                          {date(k.notBefore)} – {date(k.notAfter)}
                        </div>
                      ))
                    : t('none')}
                </td>
                <td>
                  {i.crlThisUpdate ? (
                    <>
                      {at(i.crlThisUpdate)} → {at(i.crlNextUpdate)}{' '}
                      {stale && <Badge status="expired" label={t('stale')} />}
                    </>
                  ) : (
                    <Badge status="unknown" label={t('noCrl')} />
                  )}
                  {i.fetchFailures > 0 && (
                    <div>
                      <Badge status="revoked" label={`${t('fetchFailures')}: ${i.fetchFailures}`} />
                    </div>
                  )}
                </td>
                <td>
                  {i.crlUrls.length
                    ? i.crlUrls.map((u: string) => (
                        <div>
                          <code>{u}</code>
                        </div>
                      ))
                    : t('none')}
                </td>
                {admin && (
                  <td>
                    {i.crlUrls.length > 0 && (
                      <form method="post" action={`/console/issuers/${i.id}/fetch`}>
                        <Csrf token={csrf} />
                        <button type="submit">{t('fetchNow')}</button>
                      </form>
                    )}
                    <details open={state.form === `edit-${i.id}` || state.form === `key-${i.id}`}>
                      <summary>{w.change}</summary>
                      <form method="post" action={`/console/issuers/${i.id}`}>
                        <Csrf token={csrf} />
                        <input type="hidden" name="version" value={String(i.version)} />
                        <Field
                          name="name"
                          label={w.name}
                          value={i.name}
                          errors={errs(`edit-${i.id}`)}
                          form={`edit-${i.id}`}
                        />
                        <Field
                          name="crlUrls"
                          label={w.crlUrls}
                          value={i.crlUrls.join(' ')}
                          errors={errs(`edit-${i.id}`)}
                          form={`edit-${i.id}`}
                        />
                        <Field
                          name="ocspUrls"
                          label={w.ocspUrls}
                          value={i.ocspUrls.join(' ')}
                          errors={errs(`edit-${i.id}`)}
                          form={`edit-${i.id}`}
                        />
                        <p>
                          <button type="submit">{t('save')}</button>
                        </p>
                      </form>
                      <form
                        method="post"
                        action={`/console/issuers/${i.id}/key`}
                        enctype="multipart/form-data"
                      >
                        <Csrf token={csrf} />
                        <Field
                          name="file"
                          label={w.newKey}
                          type="file"
                          errors={errs(`key-${i.id}`)}
                          form={`key-${i.id}`}
                          attrs={{ accept: '.cer,.crt,.pem,.der' }}
                        />
                        <p>
                          <button type="submit">{w.addKey}</button>
                        </p>
                      </form>
                    </details>
                  </td>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
      {admin && (
        <form class="card" method="post" action="/console/issuers" enctype="multipart/form-data">
          <h2>{w.register}</h2>
          <p class="muted">{w.registerHelp}</p>
          <Csrf token={csrf} />
          <Field
            name="file"
            label={w.caFile}
            type="file"
            errors={errs('register')}
            form="register"
            required
            attrs={{ accept: '.cer,.crt,.pem,.der' }}
          />
          <p>
            <button type="submit">{w.register}</button>
          </p>
        </form>
      )}
      {admin && (
        <form class="card" method="post" action="/console/crls" enctype="multipart/form-data">
          <Csrf token={csrf} />
          <label for="f-crl">{t('uploadCrl')}</label>
          <input id="f-crl" name="file" type="file" accept=".crl,.pem,.der" required />
          <p>
            <button type="submit">{t('importCrl')}</button>
          </p>
        </form>
      )}
      <h2>{t('fetchAttempts')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('when')}</th>
            <th scope="col">{t('issuerName')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('detail')}</th>
          </tr>
        </thead>
        <tbody>
          {fetches.items.map((f: any) => (
            <tr>
              <td>{at(f.at)}</td>
              <td>{name.get(f.issuerId) ?? f.issuerId}</td>
              <td>
                <Badge
                  status={f.outcome === 'failed' ? 'revoked' : 'active'}
                  label={t(`fetch.${f.outcome}` as any)}
                />
              </td>
              <td>{f.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}

/** The CA and the registry compared, both ways, with the CSV of it. */
export async function reconciliationPage(p: Page) {
  const { t } = p
  const report = await p.get('/reports/reconciliation')
  const rows = (items: any[], extra: (r: any) => any) =>
    items.map((r) => (
      <tr>
        <td>
          <a href={`/console/certificates/${r.certificateId}`}>
            <code>{r.serial}</code>
          </a>
        </td>
        <td>{r.holderName}</td>
        <td>{r.agency.name}</td>
        <td>{date(r.revokedAt)}</td>
        <td>{r.reason ? (p.lang === 'vi' ? r.reason.cause : r.reason.causeEn) : '—'}</td>
        {extra(r)}
      </tr>
    ))
  const head = (extra?: string) => (
    <thead>
      <tr>
        <th scope="col">{t('serial')}</th>
        <th scope="col">{t('holder')}</th>
        <th scope="col">{t('agency')}</th>
        <th scope="col">{t('revokedOn')}</th>
        <th scope="col">{t('reason')}</th>
        {extra && <th scope="col">{extra}</th>}
      </tr>
    </thead>
  )
  return (
    <Layout page={p} title={t('reconciliation')} path="/console/issuers">
      <p>
        <a href="/api/v1/reports/reconciliation?format=csv" download>
          {t('exportCsv')}
        </a>
      </p>
      <h2>
        {t('revokedByCa')} ({report.revokedByCaCount})
      </h2>
      <table>
        {head('CRL')}
        <tbody>
          {rows(report.revokedByCa, (r) => (
            <td>{date(r.crl.thisUpdate)}</td>
          ))}
        </tbody>
      </table>
      <h2>
        {t('notOnCrl')} ({report.notOnCrlCount})
      </h2>
      <p>{t('notOnCrlHint').replace('{days}', String(report.workingDays))}</p>
      <table>
        {head()}
        <tbody>{rows(report.notOnCrl, () => null)}</tbody>
      </table>
      {report.listedNotRegistered.length > 0 && (
        <>
          <h2>{t('listedNotRegistered')}</h2>
          <ul>
            {report.listedNotRegistered.map((l: any) => (
              <li>
                {l.issuer}: {l.count}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  )
}
