import { freshness } from '../domain/ca-word'
import { listIssuers, type IssuerWithKeys } from '../db/issuers'
import { atTheEdge } from '../lib/config'
import { MAX_CRL_BYTES } from '../lib/x509'
import { say } from '../lib/messages'
import { publicHost } from '../lib/net'
import { Problem } from '../lib/problem'
import { vnDate } from '../lib/time'
import { closeAlert, raiseAlert } from '../notify/alert'
import { importCrl } from './crl-import'

/** A fetch that takes longer than this has failed (CRL_FETCH_TIMEOUT_MS to change it). */
const TIMEOUT_MS = 15_000
/** A CRL is fetched when its nextUpdate is this close (or past), and at least once a day. */
const AHEAD_MS = 2 * 3600_000
const DAILY_MS = 24 * 3600_000
/** Redirects followed at most, and only on the issuer's own host. */
const HOPS = 3
/** Failed fetches in a row before the department is told. */
const FAILURES_TO_ALERT = 3

type Outcome = 'ok' | 'not-modified' | 'failed'
export interface Attempt {
  issuerId: string
  url: string
  outcome: Outcome
  detail: string
  crlId: string | null
  ms: number
}

/** Whether an issuer's CRL is due: none yet, its nextUpdate near or past, or no fetch today. */
export function fetchDue(issuer: IssuerWithKeys, lastFetched: string | null, now: Date) {
  if (!issuer.crlUrls.length || !issuer.keys.length) return false
  if (!issuer.crlThisUpdate) return true
  const next = issuer.crlNextUpdate ? Date.parse(issuer.crlNextUpdate) : 0
  if (next - now.getTime() <= AHEAD_MS) return true
  return !lastFetched || now.getTime() - Date.parse(lastFetched) >= DAILY_MS
}

class FetchFailed extends Error {}

/**
 * Downloads a CRL: http(s) only (at the edge, to a public host only), with a timeout, at most
 * MAX_CRL_BYTES (read as a stream: a lying or missing Content-Length changes nothing), redirects
 * followed only on the same host, and a conditional request when the last answer had an ETag or
 * a Last-Modified. Answers the bytes, or null for "not modified".
 */
async function download(env: Env, url: string, issuer: IssuerWithKeys) {
  const first = new URL(url)
  if (!/^https?:$/.test(first.protocol)) throw new FetchFailed(`not http(s): ${first.protocol}`)
  if (atTheEdge(env) && !publicHost(first.hostname))
    throw new FetchFailed(`not a public host: ${first.hostname}`)
  const headers: Record<string, string> = { accept: 'application/pkix-crl, */*' }
  if (issuer.fetchEtag) headers['if-none-match'] = issuer.fetchEtag
  if (issuer.fetchLastModified) headers['if-modified-since'] = issuer.fetchLastModified
  const signal = AbortSignal.timeout(Number(env.CRL_FETCH_TIMEOUT_MS || TIMEOUT_MS))
  let current = first
  for (let hop = 0; ; hop++) {
    let res: Response
    try {
      res = await fetch(current.href, { headers, redirect: 'manual', signal })
    } catch (error) {
      throw new FetchFailed(
        (error as Error)?.name === 'TimeoutError' || signal.aborted
          ? `no answer within ${Number(env.CRL_FETCH_TIMEOUT_MS || TIMEOUT_MS) / 1000} s`
          : `unreachable: ${String((error as Error)?.message ?? error).slice(0, 120)}`
      )
    }
    if (res.status === 304) return { bytes: null, res }
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location') ?? '', current)
      if (next.host !== first.host)
        throw new FetchFailed(`redirect off the issuer's host: ${next.host}`)
      if (hop + 1 >= HOPS) throw new FetchFailed('too many redirects')
      current = next
      continue
    }
    if (res.status !== 200) throw new FetchFailed(`HTTP ${res.status}`)
    if (Number(res.headers.get('content-length') ?? 0) > MAX_CRL_BYTES)
      throw new FetchFailed(`larger than ${MAX_CRL_BYTES / 1048576} MiB`)
    const parts: Uint8Array[] = []
    let size = 0
    const reader = res.body!.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        size += value.byteLength
        if (size > MAX_CRL_BYTES) {
          await reader.cancel()
          throw new FetchFailed(`larger than ${MAX_CRL_BYTES / 1048576} MiB`)
        }
        parts.push(value)
      }
    } catch (error) {
      if (error instanceof FetchFailed) throw error
      throw new FetchFailed(
        signal.aborted
          ? `no answer within ${Number(env.CRL_FETCH_TIMEOUT_MS || TIMEOUT_MS) / 1000} s`
          : `broken off: ${String(error).slice(0, 120)}`
      )
    }
    const bytes = new Uint8Array(size)
    let at = 0
    for (const part of parts) {
      bytes.set(part, at)
      at += part.byteLength
    }
    return { bytes, res }
  }
}

/** One attempt at one of an issuer's URLs: downloaded, verified and imported as an upload is. */
async function attempt(
  env: Env,
  issuer: IssuerWithKeys,
  url: string,
  now: Date,
  principal: string
): Promise<Attempt> {
  const started = Date.now()
  const done = (outcome: Outcome, detail: string, crlId: string | null = null): Attempt => ({
    issuerId: issuer.id,
    url,
    outcome,
    detail,
    crlId,
    ms: Date.now() - started,
  })
  try {
    const { bytes, res } = await download(env, url, issuer)
    if (!bytes) return done('not-modified', 'HTTP 304')
    const imported = await importCrl(env, bytes, {
      principal,
      requestId: `crl-fetch-${issuer.id}-${now.toISOString()}`,
      source: 'fetch',
      at: now,
    })
    await env.DB.prepare(
      'UPDATE issuers SET fetch_etag = ?2, fetch_last_modified = ?3 WHERE id = ?1'
    )
      .bind(issuer.id, res.headers.get('etag'), res.headers.get('last-modified'))
      .run()
    return imported.alreadyImported
      ? done('not-modified', 'the same CRL as before', imported.crl.id)
      : done(
          'ok',
          `CRL ${imported.crl.number ?? ''} of ${imported.crl.thisUpdate}: ${imported.newlyRevoked.length} revoked, ${imported.held.length} on hold, ${imported.released.length} released`,
          imported.crl.id
        )
  } catch (error) {
    if (error instanceof FetchFailed) return done('failed', error.message)
    // Refused as an upload would be (signature, order, critical extension…): nothing was written.
    if (error instanceof Problem)
      return done('failed', `${error.code}: ${say(error.code, error.params, 'en')}`)
    throw error
  }
}

/**
 * The scheduled CRL fetch (hourly): every issuer whose CRL is due is fetched from its distribution
 * points, first answer wins, and imported as the upload imports it; every attempt is recorded. An
 * issuer that failed FAILURES_TO_ALERT times in a row, or whose CRL went stale, opens an incident
 * the department is told of once; it closes when a fresh CRL is in.
 */
export async function runCrlFetch(env: Env, now: Date) {
  const db = env.DB
  const issuers = await listIssuers(db)
  const { results: last } = await db
    .prepare(
      "SELECT issuer_id, max(at) AS at FROM crl_fetches WHERE outcome <> 'failed' GROUP BY issuer_id"
    )
    .all<{ issuer_id: string; at: string }>()
  const lastFetched = new Map(last.map((r) => [r.issuer_id, r.at]))
  const attempts: Attempt[] = []
  for (const issuer of issuers)
    if (fetchDue(issuer, lastFetched.get(issuer.id) ?? null, now))
      attempts.push(...(await fetchIssuer(env, issuer, now)))
  await reviewIncidents(env, now)
  return {
    issuers: new Set(attempts.map((a) => a.issuerId)).size,
    ok: attempts.filter((a) => a.outcome === 'ok').length,
    notModified: attempts.filter((a) => a.outcome === 'not-modified').length,
    failed: attempts.filter((a) => a.outcome === 'failed').length,
  }
}

/**
 * Fetches one issuer's CRL from its distribution points, in order, until one answers; records
 * every attempt, and counts the issuer's failures in a row. Answers the attempts.
 */
export async function fetchIssuer(
  env: Env,
  issuer: IssuerWithKeys,
  now: Date,
  principal = 'cron'
): Promise<Attempt[]> {
  const db = env.DB
  const attempts: Attempt[] = []
  for (const url of issuer.crlUrls) {
    const tried = await attempt(env, issuer, url, now, principal)
    attempts.push(tried)
    await db
      .prepare(
        'INSERT INTO crl_fetches (issuer_id, url, at, outcome, detail, crl_id, ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)'
      )
      .bind(issuer.id, url, now.toISOString(), tried.outcome, tried.detail, tried.crlId, tried.ms)
      .run()
    if (tried.outcome !== 'failed') break
  }
  const succeeded = attempts.some((a) => a.outcome !== 'failed')
  await db
    .prepare(
      'UPDATE issuers SET fetch_failures = CASE WHEN ?2 THEN 0 ELSE fetch_failures + 1 END WHERE id = ?1'
    )
    .bind(issuer.id, succeeded ? 1 : 0)
    .run()
  return attempts
}

/**
 * Opens an incident for each issuer whose CRL cannot be fetched or has gone stale, and closes the
 * incidents of those that are well again.
 */
export async function reviewIncidents(env: Env, now: Date) {
  for (const issuer of await listIssuers(env.DB)) {
    const crl = freshness(issuer, now)
    const failing = issuer.crlUrls.length > 0 && issuer.fetchFailures >= FAILURES_TO_ALERT
    const stale = crl?.stale === true
    const key = `crl:${issuer.id}`
    if (!failing && !stale) {
      await closeAlert(env.DB, key, now).run()
      continue
    }
    const last = await env.DB.prepare(
      "SELECT url, detail FROM crl_fetches WHERE issuer_id = ?1 AND outcome = 'failed' ORDER BY id DESC LIMIT 1"
    )
      .bind(issuer.id)
      .first<{ url: string; detail: string }>()
    const since = crl ? vnDate(new Date(crl.nextUpdate ?? crl.thisUpdate)) : null
    const why = [
      failing
        ? `Không tải được CRL ${issuer.fetchFailures} lần liên tiếp${last ? ` (${last.url}: ${last.detail})` : ''}.`
        : null,
      stale
        ? `CRL đang có đã quá hạn cập nhật từ ${since}: các tra cứu trạng thái báo chưa xác nhận được.`
        : null,
    ].filter(Boolean)
    const whyEn = [
      failing
        ? `The CRL could not be fetched ${issuer.fetchFailures} times in a row${last ? ` (${last.url}: ${last.detail})` : ''}.`
        : null,
      stale
        ? `The CRL held is out of date since ${since}: status answers say they are not confirmed.`
        : null,
    ].filter(Boolean)
    await raiseAlert(
      env,
      {
        key,
        kind: 'crl',
        subject: `CRL của ${issuer.name}: ${stale ? 'quá hạn cập nhật' : 'không tải được'}`,
        detail: [
          `Tổ chức cấp: ${issuer.name} (${issuer.dn})`,
          ...why,
          'Hãy kiểm tra địa chỉ phân phối CRL của tổ chức cấp, hoặc tải CRL lên thủ công (Tổ chức cấp > CRL).',
          '',
          '--- English ---',
          `Issuer: ${issuer.name}`,
          ...whyEn,
          "Check the issuer's CRL distribution points, or upload its CRL by hand.",
        ].join('\n'),
      },
      now
    )
  }
}
