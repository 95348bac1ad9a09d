import { z } from '@hono/zod-openapi'
import { Time } from './common'

export const CrlSummary = z
  .object({
    id: z.string(),
    issuerId: z.string(),
    number: z.string().nullable().openapi({ description: 'The CRL number, as hex' }),
    thisUpdate: Time,
    nextUpdate: Time.nullable(),
    fingerprint: z.string(),
    entries: z.number().int(),
    scope: z.enum(['complete', 'partial', 'delta']).openapi({
      description:
        "complete: every revoked certificate of its CA (a hold it no longer lists is released); partial: a distribution point's share; delta: changes on top of the complete CRL `deltaBase`",
    }),
    deltaBase: z.string().nullable(),
    indirect: z
      .boolean()
      .openapi({ description: 'Its entries may speak of other CAs (certificateIssuer)' }),
    keyId: z.string().nullable().openapi({ description: 'The issuer key that verified it' }),
    source: z.enum(['upload', 'fetch']),
    newlyRevoked: z.number().int(),
    held: z.number().int(),
    released: z.number().int(),
    importedAt: Time,
    importedBy: z.string(),
  })
  .openapi('Crl')
export type CrlSummary = z.infer<typeof CrlSummary>

const Ref = z.object({ id: z.string(), serial: z.string() })

export const CrlImport = z
  .object({
    crl: CrlSummary,
    alreadyImported: z
      .boolean()
      .openapi({ description: 'This very CRL was imported before: nothing changed' }),
    stale: z.boolean().openapi({
      description: 'Its nextUpdate has already passed: imported, but the CA has said more since',
    }),
    newlyRevoked: z.array(Ref).openapi({ description: 'Registered certificates it revoked' }),
    held: z.array(Ref).openapi({ description: 'Registered certificates it put on hold' }),
    released: z.array(Ref).openapi({ description: 'Registered certificates whose hold it lifted' }),
    alreadyRevoked: z
      .array(Ref)
      .openapi({ description: 'Listed anew, but already revoked here (by the department)' }),
    notRegistered: z.array(z.string()).openapi({
      description:
        "Serials it lists anew that the registry does not hold (the first 1,000): a status check with their issuer answers revoked by the CA's word",
    }),
    notRegisteredCount: z.number().int(),
    unknownIssuers: z.array(z.string()).openapi({
      description:
        'CAs an indirect CRL speaks of that are not registered: their entries were not applied',
    }),
  })
  .openapi('CrlImport')
export type CrlImport = z.infer<typeof CrlImport>

export const CrlFetch = z
  .object({
    id: z.number().int(),
    issuerId: z.string(),
    url: z.string(),
    at: Time,
    outcome: z.enum(['ok', 'not-modified', 'failed']),
    detail: z.string().nullable().openapi({ description: 'What happened, or why it failed' }),
    crlId: z.string().nullable(),
    ms: z.number().int().nullable(),
  })
  .openapi('CrlFetch')
export type CrlFetch = z.infer<typeof CrlFetch>
