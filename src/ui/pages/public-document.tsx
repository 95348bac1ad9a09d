import { Csrf, Field } from '../components'
import { dateTime } from '../format'
import type { Page } from '../kit'
import { Layout } from '../layout'

/** The colours of a verdict: green only for valid; amber when the registry cannot tell. */
const TONE: Record<string, string> = {
  valid: 'good',
  invalid: 'revoked',
  indeterminate: 'unconfirmed',
}

function Reasons({ items }: { items: { code: string; text: string }[] }) {
  return items.length ? (
    <ul class="reasons">
      {items.map((r) => (
        <li data-code={r.code}>{r.text}</li>
      ))}
    </ul>
  ) : null
}

/** One card per signature, its verdict first. */
function SignatureCard({ p, s }: { p: Page; s: any }) {
  const { t } = p
  const kind =
    s.signer?.kind === 'organisation'
      ? t('agencySeal')
      : s.signer?.kind === 'device_service'
        ? t('deviceSignature')
        : s.signer?.kind === 'personal'
          ? t('personalSignature')
          : null
  return (
    <section
      class={`verdict ${TONE[s.verdict]} signature`}
      aria-label={`${t('signatureN')} ${s.index}`}
    >
      <h2>
        {s.type === 'document-timestamp' ? t('documentTimestamp') : `${t('signatureN')} ${s.index}`}
        : {s.verdictText}
      </h2>
      <Reasons items={s.reasons} />
      <dl>
        <dt>{t('signer')}</dt>
        <dd>
          {s.signer
            ? `${s.signer.name ?? s.signer.subject}${kind ? ` (${kind})` : ''}${s.signer.registered ? '' : ` — ${t('notRegisteredSigner')}`}`
            : '—'}
        </dd>
        {s.signer?.agency && (
          <>
            <dt>{t('agency')}</dt>
            <dd>{s.signer.agency.name}</dd>
          </>
        )}
        {s.signer && (
          <>
            <dt>{t('serial')}</dt>
            <dd>
              <code>{s.signer.serial}</code>
            </dd>
          </>
        )}
        <dt>{t('signedAt')}</dt>
        <dd>
          {dateTime(s.signedAt.time)} ({s.signedAt.trusted ? t('trustedTime') : t('claimedTime')})
        </dd>
        {s.statusAtSigning && (
          <>
            <dt>{t('statusThen')}</dt>
            <dd>{t(s.statusAtSigning)}</dd>
          </>
        )}
        {s.statusNow && (
          <>
            <dt>{t('statusNow')}</dt>
            <dd>{t(s.statusNow)}</dd>
          </>
        )}
        {s.coverage && (
          <>
            <dt>{t('signedScope')}</dt>
            <dd>
              {s.coverage.after === 'none'
                ? t('coversWhole')
                : s.coverage.after === 'signed'
                  ? t('coversSigned')
                  : t('coversUnsigned')}
            </dd>
          </>
        )}
        {s.algorithm && (
          <>
            <dt>{t('algorithm')}</dt>
            <dd>
              {s.algorithm.signature ?? '?'} / {s.algorithm.digest ?? '?'}
            </dd>
          </>
        )}
      </dl>
    </section>
  )
}

/**
 * The public page for a signed document: upload (or drop) a PDF, a .p7m, or a .p7s with the file
 * it signs; the answer is one card per signature with its verdict first, and the whole page is
 * the verification receipt when printed.
 */
export async function publicDocument(p: Page) {
  const { c, t } = p
  let report: any = null
  let errors: { path: string; message: string }[] = []
  if (c.req.method === 'POST') {
    const form = await c.req.parseBody()
    const file = form.file instanceof File && form.file.size ? form.file : null
    const content = form.content instanceof File && form.content.size ? form.content : null
    if (!file) errors = [{ path: 'file', message: t('refused') }]
    else {
      const body = new FormData()
      body.set('file', file)
      if (content) body.set('content', content)
      const res = await p.api('POST', '/documents/verify', body)
      if (res.status === 200) report = res.body
      else
        errors = [
          {
            path: res.body?.code === 'detached-content-missing' ? 'content' : 'file',
            message: res.body?.detail ?? t('refused'),
          },
        ]
    }
  }
  return (
    <Layout page={p} title={t('checkDocument')} path="/documents">
      <form
        class="card no-print"
        method="post"
        action="/documents"
        enctype="multipart/form-data"
        data-drop="file"
      >
        <Csrf token={c.get('session')?.csrf} />
        <div class="fields">
          <Field
            name="file"
            label={t('documentFile')}
            type="file"
            errors={errors}
            required
            attrs={{ accept: '.pdf,.p7m,.p7s,application/pdf' }}
          />
          <Field name="content" label={t('signedContent')} type="file" errors={errors} />
        </div>
        <p class="drop-hint">{t('dropHere')}</p>
        <p>
          <button type="submit">{t('verifyDocument')}</button>
        </p>
        <p class="muted">{t('documentPrivacy')}</p>
        <p>
          <a href="/">{t('publicCheck')}</a>
        </p>
      </form>
      {report && (
        <article class="receipt">
          <section
            class={`verdict ${report.verdict ? TONE[report.verdict] : 'unknown'}`}
            aria-live="polite"
          >
            <h2>{report.verdictText}</h2>
            <Reasons items={report.reasons} />
            <dl>
              <dt>SHA-256</dt>
              <dd>
                <code>{report.sha256}</code>
              </dd>
              <dt>{t('checkedAt')}</dt>
              <dd>{dateTime(report.checkedAt)}</dd>
            </dl>
          </section>
          {report.signatures.map((s: any) => (
            <SignatureCard p={p} s={s} />
          ))}
          <p class="no-print">
            <button type="button" data-print>
              {t('printReceipt')}
            </button>
          </p>
        </article>
      )}
    </Layout>
  )
}
