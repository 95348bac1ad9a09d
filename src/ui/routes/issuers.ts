import type { Context, Hono } from 'hono'
import type { AppEnv } from '../../env'
import { errorsOf, formValues, pageOf, type ApiAnswer, type Page } from '../kit'
import { issuersPage } from '../pages/issuers'
import { readAt, refused, render, saved } from '../respond'

/** A file field of a multipart form, as the API's form takes it (none: an empty file). */
async function fileForm(c: Context<AppEnv>) {
  const form = await c.req.parseBody()
  const body = new FormData()
  body.set('file', form.file instanceof File ? form.file : new File([], 'empty'))
  return body
}

/** The issuers page again after a form: what was done, or why not, beside the form's fields. */
const answered = async (
  c: Context<AppEnv>,
  p: Page,
  form: string,
  answer: ApiAnswer,
  done: string
) =>
  answer.status < 300
    ? render(c, await issuersPage(p, { ok: true, text: done }))
    : render(c, await issuersPage(p, refused(p, answer), { form, errors: errorsOf(answer) }), 422)

/**
 * The issuing CAs: register one from its certificate, add a key when it changes keys, edit its
 * name and CRL/OCSP addresses, fetch its CRL now, import a CRL file.
 */
export function registerIssuerPages(app: Hono<AppEnv>) {
  const page = (c: Context<AppEnv>) => pageOf(app, c)
  app.post('/console/issuers', async (c) => {
    const p = page(c)
    const answer = await p.api('POST', '/issuers', await fileForm(c))
    const vi = p.lang === 'vi'
    return answered(
      c,
      p,
      'register',
      answer,
      `${vi ? 'Đã đăng ký' : 'Registered'}: ${answer.body?.name}`
    )
  })
  app.post('/console/issuers/:id/key', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const answer = await p.api(
      'POST',
      `/issuers/${encodeURIComponent(id)}/certificates`,
      await fileForm(c)
    )
    return answered(c, p, `key-${id}`, answer, saved(p).text)
  })
  app.post('/console/issuers/:id', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const v = await formValues(c)
    const urls = (text?: string) => (text ? text.split(/[\s,;]+/).filter(Boolean) : [])
    const answer = await p.api(
      'PATCH',
      `/issuers/${encodeURIComponent(id)}`,
      { name: v.name, crlUrls: urls(v.crlUrls), ocspUrls: urls(v.ocspUrls) },
      readAt(v)
    )
    return answered(c, p, `edit-${id}`, answer, saved(p).text)
  })
  app.get('/console/issuers', async (c) => render(c, await issuersPage(page(c))))
  app.post('/console/issuers/:id/fetch', async (c) => {
    const p = page(c)
    const answer = await p.api(
      'POST',
      `/issuers/${encodeURIComponent(c.req.param('id'))}/fetch-crl`
    )
    const last = answer.body?.attempts?.at(-1)
    const message =
      answer.status !== 200
        ? refused(p, answer)
        : {
            ok: last?.outcome !== 'failed',
            text: `${p.t(`fetch.${last?.outcome}` as any)}: ${last?.detail ?? ''}`,
          }
    return render(c, await issuersPage(p, message), answer.status === 200 ? 200 : 422)
  })
  app.post('/console/crls', async (c) => {
    const p = page(c)
    const form = await c.req.parseBody()
    const file =
      form.file instanceof File ? new Uint8Array(await form.file.arrayBuffer()) : new Uint8Array()
    const answer = await p.api('POST', '/crls', file, { 'content-type': 'application/pkix-crl' })
    const b = answer.body
    const message =
      answer.status === 200
        ? {
            ok: true,
            text: `${p.t('crlImported')}: ${b.newlyRevoked.length} ${p.t('revoked').toLowerCase()}, ${b.held.length} ${p.t('on_hold').toLowerCase()}, ${b.released.length} ↺${b.stale ? ` — ${p.t('stale')}` : ''}`,
          }
        : refused(p, answer)
    return render(c, await issuersPage(p, message), answer.status === 200 ? 200 : 422)
  })
}
