import type { Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { errorsOf, formValues, pageOf, type ApiAnswer, type FieldError, type Page } from './kit'
import type { FormState } from './pages/certificate'

type Ctx = Context<AppEnv>

/** A whole HTML document: the doctype, then the page (standards mode for every browser). */
export const render = async (
  c: Ctx,
  page: unknown,
  status: 200 | 401 | 403 | 404 | 422 | 429 = 200
) => c.html(`<!doctype html>${await Promise.resolve(page)}`, status)

export const saved = (p: Page) => ({ ok: true, text: p.t('saved') })
export const refused = (p: Page, answer: ApiAnswer) => ({
  ok: false,
  text: `${p.t('refused')}: ${answer.body?.detail ?? answer.status}`,
})

/** The If-Match a form sends: the version of the record it was read at (its hidden field). */
export const readAt = (v: Record<string, string>): Record<string, string> =>
  v.version ? { 'if-match': `"v${v.version}"` } : {}

/**
 * The API's refusal with its field errors named as the form names its fields: the API names a
 * reference by its id (`agencyId`), the form by the text it was picked with (`agency`).
 */
export const namedAsForm = (answer: ApiAnswer, rename: (path: string) => string): ApiAnswer =>
  answer.status < 300
    ? answer
    : {
        ...answer,
        body: {
          ...answer.body,
          errors: errorsOf(answer).map((e) => ({ ...e, path: rename(e.path) })),
        },
      }

/** What a form's call answered: the API's answer, or field errors found before calling it. */
export type Outcome = ApiAnswer | { errors: FieldError[] }

/**
 * One console form: its values go to the API through `call`; a success goes to `next` (a path
 * to redirect to, or a page to show), a refusal shows the form's page again with the values as
 * typed and why, on the field it concerns.
 */
export function formAction(
  app: Hono<AppEnv>,
  path: string,
  form: {
    name: string
    call: (p: Page, values: Record<string, string>) => Promise<Outcome>
    next: (p: Page, answer: ApiAnswer) => string | Promise<unknown>
    again: (p: Page, state: FormState) => Promise<unknown | null>
  }
) {
  app.post(path, async (c) => {
    const p = pageOf(app, c)
    const values = await formValues(c)
    const outcome = await form.call(p, values)
    if ('status' in outcome && outcome.status < 300) {
      const next = await form.next(p, outcome)
      return typeof next === 'string' ? c.redirect(next, 303) : render(c, next)
    }
    const state: FormState =
      'status' in outcome
        ? { form: form.name, values, errors: errorsOf(outcome), message: refused(p, outcome) }
        : { form: form.name, values, errors: outcome.errors }
    const html = await form.again(p, state)
    return html ? render(c, html, 422) : c.notFound()
  })
}
