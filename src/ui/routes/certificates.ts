import type { Hono } from 'hono'
import type { AppEnv } from '../../env'
import { typedDay } from '../format'
import { pageOf, type ApiAnswer, type Page } from '../kit'
import { certificatePage } from '../pages/certificate'
import { certificateByHand } from '../pages/certificate-new'
import { bySerial, nothingFound, resolvePick } from '../pick'
import { formAction, namedAsForm, readAt, render } from '../respond'

const idOf = (p: Page) => encodeURIComponent(p.c.req.param('id')!)
const again = (p: Page, state: object) => certificatePage(p, p.c.req.param('id')!, state)

/** The API names references by id; the forms by what was typed (a serial, a name). */
const FORM_FIELD: Record<string, string> = {
  deviceId: 'device',
  agencyId: 'agency',
  holderId: 'holder',
}
const formErrors = (answer: ApiAnswer) => namedAsForm(answer, (path) => FORM_FIELD[path] ?? path)

/**
 * A certificate's own forms beyond revoke and renew: edit what the department keeps about it (its
 * device by serial, its agency by name, a note), and correct a revocation recorded by mistake.
 */
export function registerCertificateForms(app: Hono<AppEnv>) {
  app.get('/console/certificates/by-hand', async (c) =>
    render(c, await certificateByHand(pageOf(app, c)))
  )
  formAction(app, '/console/certificates/by-hand', {
    name: 'new',
    call: async (p, v) => {
      const holder = await resolvePick(p, 'holder', 'holder', v.holder)
      if ('error' in holder) return { errors: [holder.error] }
      const device = v.device ? await bySerial(p, '/devices', v.device) : null
      if (v.device && !device)
        return { errors: [{ path: 'device', message: nothingFound(p, v.device) }] }
      const answer = await p.api('POST', '/certificates', {
        kind: v.kind,
        holderId: holder.id,
        serial: v.serial,
        issuer: v.issuer,
        subject: v.subject,
        // A day alone: the API takes it as the start (notBefore) or the end (notAfter) of that day.
        notBefore: typedDay(v.notBefore),
        notAfter: typedDay(v.notAfter),
        deviceId: device?.id,
        note: v.note,
      })
      return formErrors(answer)
    },
    next: (_, answer) => `/console/certificates/${answer.body.id}?done=new`,
    again: certificateByHand,
  })
  formAction(app, '/console/certificates/:id/edit', {
    name: 'edit',
    call: async (p, v) => {
      const device = v.device ? await bySerial(p, '/devices', v.device) : null
      if (v.device && !device)
        return { errors: [{ path: 'device', message: nothingFound(p, v.device) }] }
      const agency = await resolvePick(p, 'agency', 'agency', v.agency)
      if ('error' in agency) return { errors: [agency.error] }
      const answer = await p.api(
        'PATCH',
        `/certificates/${idOf(p)}`,
        { deviceId: device?.id ?? null, agencyId: agency.id, note: v.note ?? null },
        readAt(v)
      )
      return formErrors(answer)
    },
    next: (p) => `/console/certificates/${idOf(p)}?done=edit`,
    again,
  })
  formAction(app, '/console/certificates/:id/correct', {
    name: 'correct',
    call: (p, v) =>
      p.api('POST', `/certificates/${idOf(p)}/correct`, { reason: v.reason }, readAt(v)),
    next: (p) => `/console/certificates/${idOf(p)}?done=correct`,
    again,
  })
}
