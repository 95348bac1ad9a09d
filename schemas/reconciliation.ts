import { z } from '@hono/zod-openapi'
import { Reason } from './certificate'
import { Time } from './common'

const Row = z.object({
  certificateId: z.string(),
  serial: z.string(),
  issuer: z.string(),
  holderName: z.string(),
  agency: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  revokedAt: Time,
  reason: Reason.nullable(),
})

export const Reconciliation = z
  .object({
    asOf: Time,
    workingDays: z.number().int(),
    revokedByCa: z
      .array(
        Row.extend({
          crl: z.object({ id: z.string(), number: z.string().nullable(), thisUpdate: Time }),
        })
      )
      .openapi({
        description:
          "Revoked at the CA while recorded active here: the CA's CRL said so, and its import revoked them (newest first)",
      }),
    revokedByCaCount: z.number().int(),
    notOnCrl: z.array(Row).openapi({
      description:
        'Revoked here, more than `workingDays` working days ago, yet no CRL of their issuer lists them although one was issued since: the request may never have reached the CA (oldest first)',
    }),
    notOnCrlCount: z.number().int(),
    listedNotRegistered: z
      .array(z.object({ issuerId: z.string(), issuer: z.string(), count: z.number().int() }))
      .openapi({
        description: "Serials the CA's CRLs list that the registry does not hold, per issuer",
      }),
  })
  .openapi('Reconciliation')
export type Reconciliation = z.infer<typeof Reconciliation>
