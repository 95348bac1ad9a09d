import { Csrf, Field } from '../components'
import { date, dateTime, typedMoment } from '../format'
import { errorsOf, type Page } from '../kit'
import { Layout } from '../layout'

/**
 * The verdict box: green only for a good answer the CA's current CRL stands behind; amber for a
 * good answer with no CRL or a stale one (the registry is unsure, and says so); red or grey
 * otherwise.
 */
function Verdict({ p, answer, dayOnly }: { p: Page; answer: any; dayOnly: boolean }) {
  const { t } = p
  // Asked about a moment (when a document was signed), the headline is the status then; the
  // present status follows below it.
  const headline = answer.statusAt ?? answer.status
  // Asked about a day without its time, on which the certificate stopped being good: the status
  // at the day's start says nothing of a document signed later that day.
  const ended = answer.invalidityDate ?? answer.revokedAt ?? answer.holdAt
  const thatDay = dayOnly && headline === 'good' && ended && date(ended) === date(answer.at)
  const unsure = headline === 'good' && (!answer.crl || answer.crl.stale || thatDay)
  return (
    <section class={`verdict ${unsure ? 'unconfirmed' : headline}`} aria-live="polite">
      <h2>
        {unsure && !thatDay ? t('goodUnconfirmed') : t(headline)}
        {answer.statusAt &&
          ` (${dayOnly ? `${t('atMoment')} ${date(answer.at)}` : `${t('atTime')} ${dateTime(answer.at)}`})`}
      </h2>
      {thatDay && (
        <p>
          <strong>{t('changedThatDay').replace('{time}', dateTime(ended))}</strong>
        </p>
      )}
      <p>{answer.statusAt ? answer.verdictAt : answer.verdict}</p>
      {headline === 'unknown' && <p>{t('askTheCa')}</p>}
      {answer.statusAt && (
        <p>
          <strong>{t('statusToday')}:</strong> {t(answer.status)}. {answer.verdict}
        </p>
      )}
      {answer.file && (
        <dl>
          <dt>{t('readFromFile')}</dt>
          <dd>{answer.file.subject}</dd>
          <dt>{t('serial')}</dt>
          <dd>{answer.file.serial}</dd>
          <dt>{t('issuerName')}</dt>
          <dd>{answer.file.issuer}</dd>
          <dt>{t('validity')}</dt>
          <dd>
            {date(answer.file.notBefore)} – {date(answer.file.notAfter)}
          </dd>
          <dt>SHA-256</dt>
          <dd>
            <code>{answer.file.fingerprint}</code>
          </dd>
        </dl>
      )}
      {answer.status !== 'unknown' && answer.status !== 'mismatch' && (
        <dl>
          <dt>{t('serial')}</dt>
          <dd>{answer.serial}</dd>
          <dt>{t('holder')}</dt>
          <dd>{answer.holderName}</dd>
          <dt>{t('agency')}</dt>
          <dd>{answer.agency?.name}</dd>
          <dt>{t('validity')}</dt>
          <dd>
            {date(answer.notBefore)} – {date(answer.notAfter)}
          </dd>
          {answer.reason && (
            <>
              <dt>{t('reason')}</dt>
              <dd>
                {p.lang === 'vi' ? answer.reason.cause : answer.reason.causeEn} (
                {answer.reason.name}, {date(answer.revokedAt)})
              </dd>
            </>
          )}
          {answer.replacedBy && (
            <>
              <dt>{t('replacedBy')}</dt>
              <dd>{answer.replacedBy.serial}</dd>
            </>
          )}
          {answer.holdAt && (
            <>
              <dt>{t('on_hold')}</dt>
              <dd>{date(answer.holdAt)}</dd>
            </>
          )}
          {answer.issuerRevoked && (
            <>
              <dt>{t('issuer_revoked')}</dt>
              <dd>
                {answer.issuerRevoked.name} ({date(answer.issuerRevoked.revokedAt)})
              </dd>
            </>
          )}
          <dt>{t('caCrl')}</dt>
          <dd>
            {answer.crl
              ? `${date(answer.crl.thisUpdate)}${answer.crl.nextUpdate ? ` – ${date(answer.crl.nextUpdate)}` : ''}${answer.crl.stale ? ` (${t('stale')})` : ''}`
              : t('noCrl')}
          </dd>
        </dl>
      )}
    </section>
  )
}

/**
 * The public status page: a serial (and optionally the issuer and a date), or the certificate
 * file, and a verdict anyone can read. GET with a serial is bookmarkable; a file is POSTed.
 */
export async function publicStatus(p: Page) {
  const { c, t } = p
  let answer: any = null
  let errors: any[] = []
  const values = c.req.method === 'POST' ? await c.req.parseBody() : c.req.query()
  const serial = typeof values.serial === 'string' ? values.serial.trim() : ''
  const file = values.file instanceof File && values.file.size ? values.file : null
  if (file) {
    const res = await p.api('POST', '/status/check', new Uint8Array(await file.arrayBuffer()), {
      'content-type': 'application/octet-stream',
    })
    if (res.status === 200) answer = res.body
    else errors = [{ path: 'file', message: res.body?.detail ?? t('refused') }]
  } else if (serial) {
    const q = new URLSearchParams()
    if (typeof values.issuer === 'string' && values.issuer) q.set('issuer', values.issuer)
    // A day as written in Vietnam (dd/mm/yyyy), with its time if known (HH:mm, Vietnam time),
    // whatever the browser's locale; or ISO.
    if (typeof values.at === 'string' && values.at) q.set('at', typedMoment(values.at)!)
    const res = await p.api('GET', `/status/${encodeURIComponent(serial)}?${q}`)
    if (res.status === 200) answer = res.body
    else {
      const found = errorsOf(res)
      errors = found.length
        ? found.map((e) => ({
            path: e.path === 'at' || e.path === 'issuer' ? e.path : 'serial',
            message: e.message,
          }))
        : [{ path: 'serial', message: res.body?.detail }]
    }
  }
  return (
    <Layout page={p} title={t('publicCheck')} path="/">
      <form class="card" method="post" action="/" enctype="multipart/form-data">
        <Csrf token={c.get('session')?.csrf} />
        <div class="fields">
          <Field
            name="serial"
            label={t('serial')}
            value={serial}
            errors={errors}
            attrs={{ autocomplete: 'off', spellcheck: 'false' }}
          />
          <Field
            name="at"
            label={t('atDate')}
            value={typeof values.at === 'string' ? values.at : ''}
            errors={errors}
            attrs={{ placeholder: 'dd/mm/yyyy HH:mm', inputmode: 'numeric', autocomplete: 'off' }}
          />
          <Field
            name="issuer"
            label={t('issuer')}
            value={typeof values.issuer === 'string' ? values.issuer : ''}
            errors={errors}
          />
          <Field
            name="file"
            label={t('orFile')}
            type="file"
            errors={errors}
            attrs={{ accept: '.cer,.crt,.pem,.der' }}
          />
        </div>
        <p>
          <button type="submit">{t('check')}</button>
        </p>
      </form>
      {answer && (
        <Verdict
          p={p}
          answer={answer}
          dayOnly={typeof values.at === 'string' && !/\d:\d\d$/.test(values.at.trim())}
        />
      )}
      <p>
        <a href="/documents">{t('checkDocument')}</a>
      </p>
    </Layout>
  )
}
