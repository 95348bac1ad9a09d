import { createRoute } from '@hono/zod-openapi'
import { StatusAnswer, StatusParams, StatusQuery } from '../../../schemas/status'
import { rateLimit } from '../../auth/rate-limit'
import { recordsBySerial } from '../../db/status'
import { languageOf, statusAnswer } from '../../domain/status'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { count } from '../../lib/metrics'
import { caContexts, readIssuers } from './ca'
import { pickRecord } from './pick'

const route = createRoute({
  method: 'get',
  path: '/status/{serial}',
  tags: ['Status'],
  summary: 'Public: is this certificate valid and registered (now, or at a moment)?',
  description:
    "No credentials needed. Unknown serials answer `unknown`, not 404; asked with its issuer, a serial the registry does not hold answers `revoked` when the CA's CRL lists it (`registered: false`). Every answer says how current the CA's word is (`crl`); a good answer with no CRL or a stale one says so in its verdict too. `at` (an instant, or a date meaning 00:00 Vietnam time) adds `statusAt`: a certificate revoked after `at` was good at `at`. Vietnamese or English by Accept-Language. Never cached: a revocation shows at once.",
  security: [],
  middleware: [rateLimit('PUBLIC_LIMITER')] as const,
  request: { params: StatusParams, query: StatusQuery },
  responses: { 200: json(StatusAnswer, 'The status answer'), ...problems(400, 429) },
})

export const registerStatusLookup = (api: App) =>
  api.openapi(route, async (c) => {
    const { serial } = c.req.valid('param')
    const { issuer, at } = c.req.valid('query')
    const lang = languageOf(c.req.header('accept-language'))
    const [records, issuers] = await Promise.all([
      recordsBySerial(c.env.DB, serial),
      readIssuers(c.env.DB),
    ])
    const record = pickRecord(records, serial, issuer, issuers)
    const [ca] = await caContexts(c.env.DB, issuers, [{ serial, issuer, record }])
    const answer = statusAnswer(serial, record, new Date(), lang, at, ca)
    count(c.env, 'status.lookup', 1, answer.status)
    return c.json(answer, 200, {
      'Content-Language': lang,
      'Cache-Control': 'no-store',
    })
  })
