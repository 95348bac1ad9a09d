import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import worker from '../../src/index'

export const ADMIN = 'test-admin-token'
const BASE = 'http://registry.test'

export interface Answer<T = any> {
  status: number
  headers: Headers
  body: T
}

/**
 * Calls the Worker's own fetch handler in this workerd, with the test's real bindings, and waits
 * for the work it left to waitUntil. Not SELF.fetch: under vitest-pool-workers each SELF.fetch gets
 * slower the more a test file has made (cloudflare/workers-sdk#15446; here 4 ms at first, 75 ms
 * after 600 requests), which a property run of a few thousand requests cannot afford.
 */
export async function fetchWorker(
  url: string,
  init?: RequestInit,
  overrides: Partial<Env> = {}
): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await worker.fetch!(
    new Request(url, init) as Request<unknown, any>,
    { ...env, ...overrides },
    ctx
  )
  const body = await res.arrayBuffer()
  await waitOnExecutionContext(ctx)
  const bodiless = [101, 204, 205, 304].includes(res.status)
  return new Response(bodiless ? null : body, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  })
}

/** Calls the Worker through its fetch handler, as a client would. */
export async function call<T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  token: string | null = ADMIN
): Promise<Answer<T>> {
  const h: Record<string, string> = { ...headers }
  if (token) h.authorization = `Bearer ${token}`
  if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json'
  const res = await fetchWorker(BASE + path, {
    method,
    headers: h,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: any = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed }
}

export const api = {
  get: <T = any>(path: string, headers?: Record<string, string>) =>
    call<T>('GET', path, undefined, headers),
  post: <T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) =>
    call<T>('POST', path, body, headers),
  patch: <T = any>(path: string, body: unknown, headers?: Record<string, string>) =>
    call<T>('PATCH', path, body, headers),
}

/** Every row a list returns for a query, following the cursor. */
export async function all(path: string, token?: string) {
  const items: any[] = []
  let cursor: string | null = null
  do {
    const sep = path.includes('?') ? '&' : '?'
    const page: any = await call(
      'GET',
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      undefined,
      {},
      token
    )
    items.push(...page.body.items)
    cursor = page.body.nextCursor
  } while (cursor)
  return items
}

const TABLES = [
  'agencies',
  'holders',
  'certificates',
  'devices',
  'device_assignments',
  'audit_log',
  'idempotency_keys',
  'notices',
  'certificate_acks',
  'digests',
  'issuers',
  'issuer_keys',
  'crls',
  'ca_revocations',
  'agency_names',
  'requests',
  'request_items',
  'request_attachments',
  'holidays',
  // The data versions: a refused write must not expire kept figures either.
  'data_version',
  'agency_changes',
]

/** Every row of every registry table: compare before and after a refused request. */
export async function snapshot() {
  const out: Record<string, unknown[]> = {}
  for (const table of TABLES)
    out[table] = (await env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()).results
  return out
}

export const count = async (table: string, where = '1 = 1', ...params: unknown[]) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...params)
    .first<{ n: number }>())!.n

/** The audit entries of one record, oldest first. */
export const auditOf = async (entityId: string) =>
  (
    await env.DB.prepare('SELECT * FROM audit_log WHERE entity_id = ?1 ORDER BY seq')
      .bind(entityId)
      .all<Record<string, any>>()
  ).results

/** Asserts a problem+json answer and returns its body. */
export function expectProblem(answer: Answer, status: number, code?: string) {
  if (answer.status !== status || (code && answer.body?.code !== code))
    throw new Error(
      `expected ${status} ${code ?? ''}, got ${answer.status} ${JSON.stringify(answer.body)}`
    )
  if (!answer.headers.get('content-type')?.startsWith('application/problem+json'))
    throw new Error(`expected problem+json, got ${answer.headers.get('content-type')}`)
  for (const field of ['type', 'title', 'status', 'detail', 'code', 'requestId'])
    if (!(field in answer.body))
      throw new Error(`problem without ${field}: ${JSON.stringify(answer.body)}`)
  return answer.body
}
