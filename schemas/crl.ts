import { z } from '@hono/zod-openapi'
import { Time } from './common'

export const CrlSummary = z
  .object({
    id: z.string(),
    issuerId: z.string(),
    number: z.string().nullable(),
    thisUpdate: Time,
    nextUpdate: Time.nullable(),
    fingerprint: z.string(),
    entries: z.number().int(),
    newlyRevoked: z.number().int(),
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
    newlyRevoked: z.array(Ref),
    alreadyRevoked: z.array(Ref),
    notRegistered: z
      .array(z.string())
      .openapi({ description: 'Listed serials the registry does not hold' }),
  })
  .openapi('CrlImport')
export type CrlImport = z.infer<typeof CrlImport>
