import type { Context, Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { BOOKMARK, BOOKMARK_COOKIE } from '../http/sessions'
import type { AppEnv } from '../env'
import { say } from '../lib/messages'
import { langOf, translator } from './i18n'

export interface ApiAnswer {
  status: number
  body: any
  setCookie: string | null
}

/** The console's page context: language, words, who is signed in, and the API it calls. */
export interface Page {
  c: Context<AppEnv>
  lang: ReturnType<typeof langOf>
  t: ReturnType<typeof translator>
  api: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>
  ) => Promise<ApiAnswer>
  /** A read the page cannot do without: its body, or the API's problem, answered as a page. */
  get: <T = any>(path: string) => Promise<T>
}

/** The API refused a read a page needs: the page answers with the same status and words. */
export class ApiRefusal extends Error {
  constructor(readonly answer: ApiAnswer) {
    super(answer.body?.detail ?? `HTTP ${answer.status}`)
  }
}

/**
 * The console is a client of the registry's own API, called in-process: every page and form
 * goes through the same contracts, rules, scope checks and audit as any other client, with the
 * signed-in person's session (and its CSRF token for changes).
 */
export function pageOf(app: Hono<AppEnv>, c: Context<AppEnv>): Page {
  const lang = langOf(c)
  const api = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ) => {
    const h = new Headers({ accept: 'application/json', 'accept-language': lang, ...headers })
    // The console's request id goes along as the API call's client id: one can find the other.
    h.set('x-request-id', c.get('requestId'))
    for (const name of ['cookie', 'authorization', 'cf-connecting-ip', 'cf-access-jwt-assertion']) {
      const value = c.req.header(name)
      if (value) h.set(name, value)
    }
    const session = c.get('session')
    if (session) h.set('x-csrf-token', session.csrf)
    if (body !== undefined && !(body instanceof FormData) && !(body instanceof Uint8Array))
      h.set('content-type', 'application/json')
    const init: RequestInit = { method, headers: h }
    if (body !== undefined)
      init.body =
        body instanceof FormData || body instanceof Uint8Array
          ? (body as BodyInit)
          : JSON.stringify(body)
    const res = await app.request(`/api/v1${path}`, init, c.env, c.executionCtx)
    // After a change, the next page reads at least as new as that change (D1 read replicas).
    const bookmark = res.headers.get(BOOKMARK)
    if (method !== 'GET' && res.ok && bookmark)
      setCookie(c, BOOKMARK_COOKIE, bookmark, {
        path: '/',
        maxAge: 300,
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
      })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, setCookie: res.headers.get('set-cookie') }
  }
  const get = async <T = any>(path: string): Promise<T> => {
    const answer = await api('GET', path)
    if (answer.status >= 400) throw new ApiRefusal(answer)
    return answer.body as T
  }
  return { c, lang, t: translator(lang), api, get }
}

/** A field error as the API answers it: the field's path, its name for people, and why. */
export interface FieldError {
  path: string
  field?: string
  message: string
}

/**
 * The field errors of a problem answer (for the form that caused it). The console's date fields
 * are typed dd/mm/yyyy: the API's ISO example for a bad instant would only mislead there.
 */
export const errorsOf = (answer: Pick<ApiAnswer, 'status' | 'body'>): FieldError[] =>
  answer.status >= 400 && Array.isArray(answer.body?.errors)
    ? answer.body.errors.map((e: FieldError) => {
        const lang = e.message === say('bad-instant', {}, 'en') ? 'en' : 'vi'
        return e.message === say('bad-instant', {}, lang)
          ? { ...e, message: say('bad-date', {}, lang) }
          : e
      })
    : []

/** Form values as plain strings, empty ones left out (so optional fields stay optional). */
export async function formValues(c: Context): Promise<Record<string, string>> {
  const form = await c.req.parseBody()
  return Object.fromEntries(
    Object.entries(form)
      .filter(([k, v]) => k !== '_csrf' && typeof v === 'string' && v.trim() !== '')
      .map(([k, v]) => [k, String(v).trim()])
  )
}

/** A query string from values, empty ones left out. */
export const query = (values: Record<string, string | number | undefined | null>) =>
  new URLSearchParams(
    Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== '') as [
      string,
      string,
    ][]
  ).toString()
