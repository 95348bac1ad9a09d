import type { Context, Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { accessConfigured } from '../auth/access'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { say } from '../lib/messages'
import { isXlsx, XLSX_TYPE } from '../lib/xlsx'
import { errorPage, pageLanguage } from './error-page'
import { samePath } from '../lib/net'
import { randomToken, sameSecret } from '../lib/secrets'
import { CSS, FAVICON, JS } from './assets'
import { errorsOf, formValues, pageOf, type ApiAnswer, type FieldError } from './kit'
import { readAt, refused, render, saved } from './respond'
import { registerAgencyPages } from './routes/agencies'
import { registerReportPages } from './routes/reports'
import { auditPage } from './pages/admin'
import { registerAccessPages } from './routes/access'
import { certificatePage } from './pages/certificate'
import { certificateNew, readCertificateFile } from './pages/certificate-new'
import { certificateList } from './pages/certificates'
import { dashboard } from './pages/dashboard'
import { deviceList, deviceNew, devicePage } from './pages/devices'
import { handoverRecord } from './pages/handover-record'
import { holderList, holderNew, holderPage } from './pages/holders'
import { fileSlug, typedDay, typedDayStart, typedMoment } from './format'
import { requestList, requestNew, requestPage } from './pages/requests'
import { requestForm, requestFormModel } from './pages/request-form'
import { requestDocx } from './request-docx'
import { importPage } from './pages/import'
import { reconciliationPage } from './pages/issuers'
import { registerIssuerPages } from './routes/issuers'
import { registerCertificateForms } from './routes/certificates'
import { noticeList } from './pages/notices'
import { publicDocument } from './pages/public-document'
import { publicStatus } from './pages/public-status'
import { signInPage } from './pages/sign-in'
import { bySerial, candidates, nothingFound, resolvePick, type PickKind } from './pick'

type Ctx = Context<AppEnv>

/** The cookie that carries the sign-in form's own CSRF token. */
const SIGNIN_COOKIE = 'signin_csrf'

/** The words of a 403 for the signed-in person's role. */
const forbidden = (c: Ctx) => say('forbidden', { role: c.get('principal').role }, pageLanguage(c))

/** Passes the API's session cookie (set or cleared) on to the browser. */
const passCookie = (c: Ctx, answer: ApiAnswer) =>
  answer.setCookie && c.header('set-cookie', answer.setCookie, { append: true })

/**
 * The web console and the public status page: server-rendered hono/jsx, Vietnamese first with an
 * English switch, one stylesheet, and a few lines of script only to confirm destructive actions.
 */
export function registerConsole(app: Hono<AppEnv>) {
  const page = (c: Ctx) => pageOf(app, c)
  const cached = (type: string) => ({
    'content-type': type,
    'cache-control': 'public, max-age=3600',
  })
  app.get('/ui/app.css', (c) => c.body(CSS, 200, cached('text/css; charset=utf-8')))
  app.get('/ui/app.js', (c) => c.body(JS, 200, cached('text/javascript; charset=utf-8')))
  app.get('/favicon.svg', (c) => c.body(FAVICON, 200, cached('image/svg+xml')))
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301))
  app.get('/lang', (c) => {
    const to = c.req.query('to') === 'en' ? 'en' : 'vi'
    setCookie(c, 'lang', to, { path: '/', sameSite: 'Lax', maxAge: 365 * 86400 })
    return c.redirect(samePath(c.req.query('back')), 303)
  })

  app.get('/', async (c) => render(c, await publicStatus(page(c))))
  app.post('/', async (c) => render(c, await publicStatus(page(c))))
  app.get('/documents', async (c) => render(c, await publicDocument(page(c))))
  app.post('/documents', async (c) => render(c, await publicDocument(page(c))))

  // Sign-in has its own CSRF token (login CSRF: a form elsewhere must not sign the browser in
  // with someone else's key): a cookie and the same value in the form, and a same-origin Origin.
  const signInForm = (c: Ctx, error?: string, status: 200 | 401 | 403 | 429 = 200) => {
    const token = randomToken('si', 16)
    setCookie(c, SIGNIN_COOKIE, token, {
      path: '/console/sign-in',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      maxAge: 3600,
    })
    return render(c, signInPage(page(c), error, accessConfigured(c.env), token), status)
  }
  app.get('/console/sign-in', (c) => signInForm(c))
  app.post('/console/sign-in', async (c) => {
    const p = page(c)
    const form = await c.req.parseBody()
    const origin = c.req.header('origin')
    const sent = typeof form._signin === 'string' ? form._signin : ''
    const cookie = getCookie(c, SIGNIN_COOKIE) ?? ''
    if (
      (origin && origin !== new URL(c.req.url).origin) ||
      !sent ||
      !(await sameSecret(sent, cookie))
    )
      return signInForm(c, say('csrf-token-invalid', {}, p.lang), 403)
    const apiKey = typeof form.apiKey === 'string' ? form.apiKey.trim() : ''
    const answer = await p.api('POST', '/session', { apiKey })
    if (answer.status !== 200)
      return signInForm(c, answer.body?.detail ?? p.t('refused'), answer.status === 429 ? 429 : 401)
    passCookie(c, answer)
    return c.redirect('/console', 303)
  })
  app.get('/console/access', async (c) => {
    const answer = await page(c).api('POST', '/session/access')
    if (answer.status !== 200) return signInForm(c, answer.body?.detail, 401)
    passCookie(c, answer)
    return c.redirect('/console', 303)
  })
  app.post('/console/sign-out', async (c) => {
    passCookie(c, await page(c).api('DELETE', '/session'))
    return c.redirect('/', 303)
  })

  // Everything else under /console needs a signed-in person.
  app.use('/console/*', async (c, next) => {
    if (c.get('principal').role === 'public') return c.redirect('/console/sign-in', 303)
    return next()
  })
  // Pages of the department (and, for the log, its auditors): anyone else gets a 403 page.
  const only = (...roles: string[]) =>
    createMiddleware<AppEnv>(async (c, next) => {
      if (roles.includes(c.get('principal').role)) return next()
      return errorPage(c, 403, c.get('principal').role === 'public' ? '' : forbidden(c))
    })
  app.use('/console/keys', only('admin'))
  app.use('/console/keys/*', only('admin'))
  app.use('/console/users', only('admin'))
  app.use('/console/users/*', only('admin'))
  app.use('/console/import', only('admin'))
  app.use('/console/audit', only('admin', 'auditor'))
  app.use('/console/issuers', only('admin', 'auditor'))
  app.use('/console/issuers/*', only('admin'))
  app.use('/console/crls', only('admin'))
  app.use('/console/reconciliation', only('admin', 'auditor'))
  app.get('/console', async (c) => {
    if (c.get('principal').role === 'public') return c.redirect('/console/sign-in', 303)
    return render(c, await dashboard(page(c)))
  })
  app.get('/console/certificates', async (c) => render(c, await certificateList(page(c))))
  // Recording a certificate from its file: read and shown first, then saved (before /:id).
  app.use('/console/certificates/new', only('admin'))
  app.use('/console/certificates/by-hand', only('admin'))
  app.get('/console/certificates/new', async (c) => render(c, await certificateNew(page(c))))
  app.post('/console/certificates/new', async (c) => {
    const p = page(c)
    const form = await c.req.parseBody()
    const upload = form.file instanceof File && form.file.size ? form.file : null
    const carried = typeof form.certificate === 'string' ? form.certificate : ''
    const bytes = upload
      ? new Uint8Array(await upload.arrayBuffer())
      : (() => {
          try {
            return Uint8Array.from(atob(carried.replace(/[^A-Za-z0-9+/=]/g, '')), (ch) =>
              ch.charCodeAt(0)
            )
          } catch {
            return new Uint8Array() // not base64: read as an empty file, and refused
          }
        })()
    const read = await readCertificateFile(p, bytes)
    // A certificate is at most 16 KiB (a larger file is refused by the read above).
    const file = bytes.length <= 16 * 1024 ? btoa(String.fromCharCode(...bytes)) : ''
    const values = await formValues(c)
    if (upload || !read.ok || form.save !== '1')
      return render(c, await certificateNew(p, { file, read, values }), read.ok ? 200 : 422)
    const holder = await resolvePick(p, 'holder', 'holder', values.holder)
    if ('error' in holder)
      return render(c, await certificateNew(p, { file, read, values, errors: [holder.error] }), 422)
    const body = new FormData()
    body.set('file', new File([bytes], 'certificate.cer'))
    body.set('kind', values.kind ?? 'personal')
    body.set('holderId', holder.id)
    if (values.note) body.set('note', values.note)
    // A re-issue names the certificate it replaces and why; a renewal is the old one's own step.
    const renewal = values.replaces && !values.replacement
    if (values.replaces && values.replacement) {
      body.set('replacesId', values.replaces)
      body.set('replacement', values.replacement)
    }
    const answer = await p.api(
      'POST',
      renewal ? `/certificates/${encodeURIComponent(values.replaces)}/renew` : '/certificates',
      body
    )
    if (answer.status === 201)
      return c.redirect(
        `/console/certificates/${answer.body.id}?done=${values.replaces ? 'renew' : 'new'}`,
        303
      )
    return render(
      c,
      await certificateNew(p, {
        file,
        read,
        values,
        errors: errorsOf(answer),
        message: refused(p, answer),
      }),
      422
    )
  })
  registerCertificateForms(app)
  app.get('/console/certificates/:id', async (c) => {
    const p = page(c)
    const done = c.req.query('done')
    const html = await certificatePage(p, c.req.param('id'), done ? { message: saved(p) } : {})
    return html ? render(c, html) : c.notFound()
  })
  app.post('/console/certificates/:id/revoke', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const values = await formValues(c)
    const answer = await p.api('POST', `/certificates/${encodeURIComponent(id)}/revoke`, {
      reasonCode: values.reasonCode === undefined ? undefined : Number(values.reasonCode),
      note: values.note,
      revokedAt: typedMoment(values.revokedAt),
      invalidityDate: typedMoment(values.invalidityDate),
    })
    if (answer.status === 200) return c.redirect(`/console/certificates/${id}?done=revoke`, 303)
    return render(
      c,
      (await certificatePage(p, id, {
        form: 'revoke',
        values,
        errors: errorsOf(answer),
        message: refused(p, answer),
      }))!,
      422
    )
  })
  app.post('/console/certificates/:id/ocsp', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const answer = await p.api('POST', `/certificates/${encodeURIComponent(id)}/ocsp`)
    const html = await certificatePage(
      p,
      id,
      answer.status === 200 ? { ocsp: answer.body } : { message: refused(p, answer) }
    )
    return html ? render(c, html, answer.status === 200 ? 200 : 422) : c.notFound()
  })
  app.post('/console/certificates/:id/renew', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const values = await formValues(c)
    const answer = await p.api('POST', `/certificates/${encodeURIComponent(id)}/renew`, {
      serial: values.serial,
      issuer: values.issuer,
      subject: values.subject,
      // A date alone: the API takes it as the start (notBefore) or the end (notAfter) of that day.
      notBefore: typedDay(values.notBefore),
      notAfter: typedDay(values.notAfter),
    })
    if (answer.status === 201)
      return c.redirect(`/console/certificates/${answer.body.id}?done=renew`, 303)
    return render(
      c,
      (await certificatePage(p, id, {
        form: 'renew',
        values,
        errors: errorsOf(answer),
        message: refused(p, answer),
      }))!,
      422
    )
  })

  // Suggestions for a pick field as one types (the page's script; the forms work without it).
  app.get('/console/pick', async (c) => {
    const kind: PickKind = c.req.query('kind') === 'holder' ? 'holder' : 'agency'
    const found = await candidates(page(c), kind, c.req.query('q') ?? '')
    return c.json(found.map((f) => f.label))
  })

  app.get('/console/holders', async (c) => render(c, await holderList(page(c))))
  app.get('/console/holders/new', async (c) => render(c, await holderNew(page(c))))
  app.post('/console/holders', async (c) => {
    const p = page(c)
    const values = await formValues(c)
    const agency = await resolvePick(p, 'agency', 'agency', values.agency)
    if ('error' in agency)
      return render(c, await holderNew(p, { values, errors: [agency.error] }), 422)
    const answer = await p.api('POST', '/holders', {
      kind: values.kind,
      fullName: values.fullName,
      nationalId: values.nationalId,
      position: values.position,
      email: values.email,
      phone: values.phone,
      agencyId: agency.id,
    })
    if (answer.status === 201) return c.redirect(`/console/holders/${answer.body.id}?done=new`, 303)
    return render(
      c,
      await holderNew(p, { values, errors: errorsOf(answer), message: refused(p, answer) }),
      422
    )
  })
  app.get('/console/holders/:id', async (c) => {
    const p = page(c)
    const html = await holderPage(
      p,
      c.req.param('id'),
      c.req.query('done') ? { message: saved(p) } : {}
    )
    return html ? render(c, html) : c.notFound()
  })
  /** A holder's page again after a refused form, saying why. */
  const holderRefused = async (
    c: Ctx,
    form: string,
    values: Record<string, string>,
    answer: ApiAnswer | null,
    errors = answer ? errorsOf(answer) : []
  ) => {
    const p = page(c)
    const html = await holderPage(p, c.req.param('id')!, {
      form,
      values,
      errors,
      message: answer ? refused(p, answer) : undefined,
    })
    return html ? render(c, html, 422) : c.notFound()
  }
  app.post('/console/holders/:id', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const values = await formValues(c)
    const answer = await p.api(
      'PATCH',
      `/holders/${encodeURIComponent(id)}`,
      {
        fullName: values.fullName,
        nationalId: values.nationalId ?? null,
        position: values.position ?? null,
        email: values.email ?? null,
        phone: values.phone ?? null,
      },
      readAt(values)
    )
    if (answer.status === 200) return c.redirect(`/console/holders/${id}?done=edit`, 303)
    return holderRefused(c, 'edit', values, answer)
  })
  app.post('/console/holders/:id/move', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const values = await formValues(c)
    const agency = await resolvePick(p, 'agency', 'agency', values.agency)
    if ('error' in agency) return holderRefused(c, 'move', values, null, [agency.error])
    const answer = await p.api('POST', `/holders/${encodeURIComponent(id)}/move`, {
      agencyId: agency.id,
      note: values.note,
      revokeCertificates: values.revokeCertificates === 'true',
    })
    if (answer.status !== 200) return holderRefused(c, 'move', values, answer)
    const html = await holderPage(p, id, { message: saved(p), departure: answer.body })
    return html ? render(c, html) : c.notFound()
  })
  app.post('/console/holders/:id/leave', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const values = await formValues(c)
    const answer = await p.api('POST', `/holders/${encodeURIComponent(id)}/leave`, {
      status: values.status,
      at: typedDayStart(values.at),
      note: values.note,
      revokeCertificates: values.revokeCertificates === 'true',
    })
    if (answer.status !== 200) return holderRefused(c, 'leave', values, answer)
    const html = await holderPage(p, id, { message: saved(p), departure: answer.body })
    return html ? render(c, html) : c.notFound()
  })

  app.get('/console/devices', async (c) => render(c, await deviceList(page(c))))
  app.use('/console/devices/new', only('admin'))
  app.get('/console/devices/new', async (c) => render(c, await deviceNew(page(c))))
  app.post('/console/devices', async (c) => {
    const p = page(c)
    const values = await formValues(c)
    const agency = await resolvePick(p, 'agency', 'agency', values.agency)
    if ('error' in agency)
      return render(c, await deviceNew(p, { values, errors: [agency.error] }), 422)
    const answer = await p.api('POST', '/devices', {
      serial: values.serial,
      model: values.model,
      kind: values.kind,
      agencyId: agency.id,
      note: values.note,
    })
    if (answer.status === 201) return c.redirect(`/console/devices/${answer.body.id}?done=new`, 303)
    return render(
      c,
      await deviceNew(p, { values, errors: errorsOf(answer), message: refused(p, answer) }),
      422
    )
  })
  app.post('/console/devices/:id/status', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const values = await formValues(c)
    const answer = await p.api(
      'PATCH',
      `/devices/${encodeURIComponent(id)}`,
      { status: values.status, note: values.note ?? null },
      readAt(values)
    )
    if (answer.status === 200) return c.redirect(`/console/devices/${id}?done=status`, 303)
    const html = await devicePage(p, id, { message: refused(p, answer) })
    return html ? render(c, html, 422) : c.notFound()
  })
  app.get('/console/devices/:id', async (c) => {
    const p = page(c)
    const html = await devicePage(
      p,
      c.req.param('id'),
      c.req.query('done') ? { message: saved(p) } : {}
    )
    return html ? render(c, html) : c.notFound()
  })
  for (const action of ['assign', 'return', 'report-lost'] as const)
    app.post(`/console/devices/:id/${action}`, async (c) => {
      const p = page(c)
      const id = c.req.param('id')
      const values = await formValues(c)
      // The person it goes to is picked by name, never typed as an id.
      const holder =
        action === 'assign' ? await resolvePick(p, 'holder', 'holder', values.holder) : null
      if (holder && 'error' in holder) {
        const html = await devicePage(p, id, { form: 'assign', values, errors: [holder.error] })
        return html ? render(c, html, 422) : c.notFound()
      }
      const { holder: _, revokeCertificates, ...rest } = values
      const body = holder
        ? { ...rest, holderId: holder.id }
        : action === 'report-lost'
          ? { ...rest, revokeCertificates: revokeCertificates === 'true' }
          : rest
      const answer = await p.api('POST', `/devices/${encodeURIComponent(id)}/${action}`, body)
      // After a loss, the page lists what was on the device: revoked, or still to revoke.
      if (answer.status === 200 && action === 'report-lost') {
        const html = await devicePage(p, id, { message: saved(p), lost: answer.body })
        return html ? render(c, html) : c.notFound()
      }
      if (answer.status === 200) return c.redirect(`/console/devices/${id}?done=${action}`, 303)
      return render(
        c,
        (await devicePage(p, id, {
          form: action as 'revoke',
          values,
          errors: errorsOf(answer),
          message: refused(p, answer),
        }))!,
        422
      )
    })

  // Every active certificate on a lost device revoked: key compromise, from the loss.
  app.post('/console/devices/:id/revoke-all', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const device = await p.api('GET', `/devices/${encodeURIComponent(id)}`)
    if (device.status !== 200) return c.notFound()
    // Only after a loss: a device in hand keeps its certificates.
    if (device.body.status !== 'lost') return c.redirect(`/console/devices/${id}`, 303)
    const refusals: string[] = []
    const active: any[] = []
    for (let cursor: string | null = null, pages = 0; pages < 20; pages++) {
      const on: ApiAnswer = await p.api(
        'GET',
        `/certificates?deviceId=${encodeURIComponent(id)}&status=active&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      )
      if (on.status !== 200) {
        refusals.push(on.body?.detail ?? String(on.status))
        break
      }
      active.push(...on.body.items)
      cursor = on.body.nextCursor
      if (!cursor) break
    }
    for (const cert of active) {
      const answer = await p.api('POST', `/certificates/${cert.id}/revoke`, { reasonCode: 1 })
      if (answer.status !== 200)
        refusals.push(`${cert.serial}: ${answer.body?.detail ?? answer.status}`)
    }
    if (!refusals.length) return c.redirect(`/console/devices/${id}?done=revoke-all`, 303)
    const html = await devicePage(p, id, { message: { ok: false, text: refusals.join('; ') } })
    return html ? render(c, html, 422) : c.notFound()
  })
  app.get('/console/devices/:id/records/:entry', async (c) => {
    const html = await handoverRecord(page(c), c.req.param('id'), c.req.param('entry'))
    return html ? render(c, html) : c.notFound()
  })

  app.get('/console/requests', async (c) => render(c, await requestList(page(c))))
  app.get('/console/requests/new', async (c) => render(c, await requestNew(page(c))))
  app.post('/console/requests', async (c) => {
    const p = page(c)
    const values = await formValues(c)
    const refuse = async (errors: FieldError[], answer?: ApiAnswer) =>
      render(c, await requestNew(p, { values, errors, message: answer && refused(p, answer) }), 422)
    const agency = await resolvePick(p, 'agency', 'agency', values.agency)
    if ('error' in agency) return refuse([agency.error])
    const item: Record<string, string> = {}
    if (values.holder) {
      const holder = await resolvePick(p, 'holder', 'holder', values.holder)
      if ('error' in holder) return refuse([holder.error])
      item.holderId = holder.id
    }
    // A certificate and a device are named by their serials, as written on them.
    if (values.serial) {
      const cert = await bySerial(p, '/certificates', values.serial)
      if (!cert) return refuse([{ path: 'serial', message: nothingFound(p, values.serial) }])
      item.certificateId = cert.id
    }
    if (values.device) {
      const device = await bySerial(p, '/devices', values.device)
      if (!device) return refuse([{ path: 'device', message: nothingFound(p, values.device) }])
      item.deviceId = device.id
    }
    const answer = await p.api('POST', '/requests', {
      kind: values.kind,
      agencyId: agency.id,
      certificateKind: values.certificateKind,
      docNumber: values.docNumber,
      docDate: typedDay(values.docDate),
      reasonCode: values.reasonCode === undefined ? undefined : Number(values.reasonCode),
      cause: values.cause,
      items: Object.keys(item).length ? [item] : [],
    })
    if (answer.status === 201)
      return c.redirect(`/console/requests/${answer.body.id}?done=new`, 303)
    const errors = errorsOf(answer).map((e) => ({
      ...e,
      path: /^items\.0\.(holderId|certificateId|deviceId)$/.test(e.path)
        ? { holderId: 'holder', certificateId: 'serial', deviceId: 'device' }[e.path.slice(8)]!
        : e.path === 'items'
          ? 'holder'
          : e.path,
    }))
    return refuse(errors, answer)
  })
  // The same form as a Word document, for the agency to correct and sign digitally.
  app.get('/console/requests/:id/form.docx', async (c) => {
    const form = await requestFormModel(page(c), c.req.param('id'))
    if (!form) return c.notFound()
    return c.body(await requestDocx(form), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      // Named as the agency files it: what, whose, which day (never the registry's id).
      'content-disposition': `attachment; filename="${fileSlug(form.title).slice(0, 48)}-${fileSlug(form.agencyName).slice(0, 40)}-${form.year}${form.month}${form.day}.docx"`,
    })
  })
  app.get('/console/requests/:id/print', async (c) => {
    const html = await requestForm(page(c), c.req.param('id'))
    return html ? render(c, html) : c.notFound()
  })
  app.get('/console/requests/:id', async (c) => {
    const p = page(c)
    const html = await requestPage(
      p,
      c.req.param('id'),
      c.req.query('done') ? { message: saved(p) } : {}
    )
    return html ? render(c, html) : c.notFound()
  })
  // Several people at once: the agency's sheet fills the request's list (the API's rules).
  app.post('/console/requests/:id/items', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const form = await c.req.parseBody()
    const file =
      form.file instanceof File ? new Uint8Array(await form.file.arrayBuffer()) : new Uint8Array()
    const answer = await p.api('POST', `/requests/${encodeURIComponent(id)}/items`, file, {
      'content-type': isXlsx(file) ? XLSX_TYPE : 'text/csv',
      ...(typeof form.version === 'string' ? readAt({ version: form.version }) : {}),
    })
    if (answer.status === 200) return c.redirect(`/console/requests/${id}?done=items`, 303)
    const why = errorsOf(answer).map((e) => `${e.path}: ${e.message}`)
    const html = await requestPage(p, id, {
      message: { ok: false, text: [refused(p, answer).text, ...why].join(' · ') },
    })
    return html ? render(c, html, 422) : c.notFound()
  })
  app.post('/console/requests/:id/:action', async (c) => {
    const p = page(c)
    const id = c.req.param('id')
    const action = c.req.param('action')
    const values = await formValues(c)
    const body: Record<string, unknown> = {
      note: values.note,
      channel: values.channel,
      reference: values.reference,
    }
    if (values.sentOn) body.sentAt = typedDayStart(values.sentOn)
    if (values.serial) body.certificateId = (await bySerial(p, '/certificates', values.serial))?.id
    const answer = await p.api(
      'POST',
      `/requests/${encodeURIComponent(id)}/${encodeURIComponent(action)}`,
      body,
      readAt(values)
    )
    if (answer.status === 200) return c.redirect(`/console/requests/${id}?done=${action}`, 303)
    const html = await requestPage(p, id, { message: refused(p, answer) })
    return html ? render(c, html, 422) : c.notFound()
  })

  app.use('/console/agencies/new', only('admin'))
  registerAgencyPages(app)
  registerReportPages(app)
  /** Back to the notices page the action was taken on (its filters and page kept). */
  const backToNotices = (back: unknown, done: string) => {
    const path = samePath(typeof back === 'string' ? back : '/console/notices')
    const to = path.startsWith('/console/notices') ? path : '/console/notices'
    return `${to}${to.includes('?') ? '&' : '?'}done=${done}`
  }
  app.get('/console/notices', async (c) => {
    const p = page(c)
    const done = c.req.query('done')
    return render(c, await noticeList(p, done ? saved(p) : undefined))
  })
  for (const [action, method] of [
    ['ack', 'POST'],
    ['unack', 'DELETE'],
  ] as const)
    app.post(`/console/notices/:id/${action}`, async (c) => {
      const p = page(c)
      const form = await c.req.parseBody()
      const answer = await p.api(
        method,
        `/notices/${encodeURIComponent(c.req.param('id'))}/ack`,
        method === 'POST' ? {} : undefined
      )
      if (answer.status === 200) return c.redirect(backToNotices(form.back, action), 303)
      return render(c, await noticeList(p, refused(p, answer)), 422)
    })
  // Several acknowledged at once ("being renewed"), each through the same rule.
  app.post('/console/notices/ack-many', async (c) => {
    const p = page(c)
    const form = await c.req.parseBody({ all: true })
    const ids = ([] as unknown[])
      .concat(form.ids ?? [])
      .filter((v): v is string => typeof v === 'string')
    const refusals: string[] = []
    for (const id of ids.slice(0, 200)) {
      const answer = await p.api('POST', `/notices/${encodeURIComponent(id)}/ack`, {})
      if (answer.status !== 200) refusals.push(answer.body?.detail ?? String(answer.status))
    }
    if (!refusals.length) return c.redirect(backToNotices(form.back, 'ack-many'), 303)
    return render(c, await noticeList(p, { ok: false, text: refusals.join('; ') }), 422)
  })

  registerAccessPages(app)
  app.get('/console/import', async (c) => render(c, importPage(page(c))))
  app.post('/console/import', async (c) => {
    const p = page(c)
    const form = await c.req.parseBody()
    const file =
      form.file instanceof File ? new Uint8Array(await form.file.arrayBuffer()) : new Uint8Array()
    const mode =
      form.mode === 'real' ? '' : form.mode === 'atomic' ? '?atomic=true' : '?dryRun=true'
    const answer = await p.api('POST', `/imports/certificates${mode}`, file, {
      'content-type': isXlsx(file) ? XLSX_TYPE : 'text/csv',
    })
    if (answer.status === 200) return render(c, importPage(p, answer.body))
    const rejected = answer.body?.rejected
    return render(
      c,
      importPage(
        p,
        rejected ? { dryRun: true, created: 0, updated: 0, unchanged: 0, rejected } : undefined,
        answer.body?.detail ?? p.t('refused')
      ),
      422
    )
  })
  app.get('/console/audit', async (c) => render(c, await auditPage(page(c))))
  registerIssuerPages(app)
  app.get('/console/reconciliation', async (c) => render(c, await reconciliationPage(page(c))))
}
