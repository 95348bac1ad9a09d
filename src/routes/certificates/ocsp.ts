import { createRoute } from '@hono/zod-openapi'
import { OcspCheck } from '../../../schemas/certificate'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { listIssuers } from '../../db/issuers'
import { resolveIssuer } from '../../domain/issuers'
import { certificateStatus, type CertificateStatus } from '../../domain/lifecycle'
import { reasonOf } from '../../domain/reasons'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { json, problems } from '../../http/openapi'
import { atTheEdge } from '../../lib/config'
import { publicHost } from '../../lib/net'
import { ocspRequest, readOcspResponse, type OcspAnswer } from '../../lib/ocsp'
import { Problem } from '../../lib/problem'
import { der } from '../../lib/x509'
import { requireCertificate } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/certificates/{id}/ocsp',
  tags: ['Certificates'],
  summary: "Ask the CA's OCSP responder for the certificate's status now, and compare",
  description:
    "For the department, from the certificate page (never on the public path): the request goes to the OCSP responder the issuer's certificates name (AuthorityInfoAccess), with a nonce; the answer must be signed by the CA or a responder it delegated. The answer and the registry's status are compared; every check, and so every disagreement, is recorded in the audit log.",
  middleware: [admins()] as const,
  request: { params: IdParam },
  responses: {
    200: json(OcspCheck, 'The responder’s answer, beside the registry’s'),
    ...problems(401, 403, 404, 409, 502),
  },
})

/** A responder that takes longer than this has failed. */
const TIMEOUT_MS = 10_000
/** An OCSP response is a few KiB. */
const MAX_BYTES = 64 * 1024

/** Whether the registry's status and the responder's answer say the same. */
function agree(registry: CertificateStatus, answer: OcspAnswer) {
  if (answer.status === 'unknown') return false
  if (answer.status === 'revoked')
    return registry === 'revoked' || (registry === 'on_hold' && answer.reasonCode === 6)
  return registry !== 'revoked' && registry !== 'on_hold'
}

const failed = (url: string, why: string) =>
  new Problem(502, 'ocsp-failed', { url, why }, [
    { path: 'ocsp', code: 'ocsp-failed', params: { url, why } },
  ])

async function ask(env: Env, url: string, body: Uint8Array) {
  const target = new URL(url)
  if (atTheEdge(env) && !publicHost(target.hostname)) throw failed(url, 'not a public host')
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    throw failed(url, String((error as Error)?.message ?? error).slice(0, 120))
  }
  if (res.status !== 200) throw failed(url, `HTTP ${res.status}`)
  const bytes = new Uint8Array(await res.arrayBuffer())
  if (bytes.length > MAX_BYTES) throw failed(url, 'answer too large')
  return bytes
}

export const registerOcspCheck = (api: App) =>
  api.openapi(route, async (c) => {
    const cert = await requireCertificate(c.env.DB, c.req.valid('param').id)
    const issuer = resolveIssuer(await listIssuers(c.env.DB), cert.issuer)
    if (!issuer?.pems.length)
      throw new Problem(409, 'issuer-not-registered', { issuer: cert.issuer })
    if (!issuer.ocspUrls.length)
      throw new Problem(409, 'issuer-without-ocsp', { name: issuer.name })
    // The key that issued it: one valid when the certificate began (the newest such), else any.
    const keys = issuer.keys.map((k, i) => ({ ...k, pem: issuer.pems[i] }))
    const key =
      keys
        .filter((k) => (k.notBefore ?? '') <= cert.notBefore && cert.notBefore < k.notAfter)
        .at(-1) ?? keys.at(-1)!
    const caDer = der(new TextEncoder().encode(key.pem), 'CERTIFICATE')
    const { der: request, nonce } = await ocspRequest(cert.serial, caDer)
    const url = issuer.ocspUrls[0]
    let answer: OcspAnswer
    try {
      answer = await readOcspResponse(await ask(c.env, url, request), cert.serial, caDer, nonce)
    } catch (error) {
      if (error instanceof Problem) throw error
      throw failed(url, (error as Error).message)
    }
    const now = new Date()
    const registry = certificateStatus(cert, now)
    const check: OcspCheck = {
      responder: url,
      status: answer.status,
      revokedAt: answer.revokedAt,
      reason: reasonOf(answer.reasonCode),
      thisUpdate: answer.thisUpdate,
      nextUpdate: answer.nextUpdate,
      producedAt: answer.producedAt,
      registry,
      agrees: agree(registry, answer),
    }
    await commitChange(
      c,
      [],
      [
        {
          action: check.agrees ? 'certificate.ocsp-check' : 'certificate.ocsp-disagrees',
          entity: 'certificate',
          entityId: cert.id,
          before: null,
          after: { ...check, serial: cert.serial },
        },
      ],
      now
    )
    return c.json(check, 200)
  })
