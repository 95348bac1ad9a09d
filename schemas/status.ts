import { z } from '@hono/zod-openapi'
import { Reason } from './certificate'
import { Serial, Time } from './common'

const STATUSES = [
  'good',
  'revoked',
  'on_hold',
  'expired',
  'not_yet_valid',
  'issuer_revoked',
  'unknown',
] as const
export const PublicStatus = z.enum(STATUSES).openapi({
  description:
    "good; revoked; on_hold (the CA's CRL suspends it: certificateHold); expired; not_yet_valid; issuer_revoked (the issuing CA's own certificate is revoked); unknown (neither registered nor listed by its CA's CRL)",
})
/** A file check may also say the file is not the registered certificate. */
export const FileStatus = z.enum([...STATUSES, 'mismatch']).openapi({
  description:
    'As for a serial, and mismatch: the file is not the certificate registered under its serial (another certificate, or a forgery under a registered serial). Never good then.',
})

export const StatusAnswer = z
  .object({
    status: PublicStatus.openapi({ description: 'Now (checkedAt)' }),
    verdict: z.string().openapi({
      description: 'The answer in words, in the language asked for',
      example: 'Còn hiệu lực đến 31/12/2029 (còn 1.136 ngày)',
    }),
    serial: z.string(),
    issuer: z.string().nullable(),
    subject: z.string().nullable(),
    holderName: z.string().nullable().openapi({
      description:
        "The holder's name (as in the certificate's subject); never a CCCD, e-mail or phone",
    }),
    kind: z.enum(['personal', 'organisation', 'device_service']).nullable(),
    agency: z.object({ name: z.string(), code: z.string() }).nullable(),
    notBefore: Time.nullable(),
    notAfter: Time.nullable(),
    daysLeft: z.number().int().nullable(),
    revokedAt: Time.nullable(),
    invalidityDate: Time.nullable().openapi({
      description:
        'When the key was known or suspected compromised: from then on the certificate counts as revoked',
    }),
    holdAt: Time.nullable().openapi({ description: "Since when the CA's CRL holds it" }),
    reason: Reason.nullable(),
    replacedBy: z.object({ serial: z.string(), notAfter: Time }).nullable(),
    registered: z.boolean().openapi({
      description:
        "Whether the registry holds the certificate; a serial it does not hold may still answer revoked by its CA's CRL (asked with its issuer)",
    }),
    issuerRevoked: z
      .object({ name: z.string(), revokedAt: Time, reason: Reason.nullable() })
      .nullable()
      .openapi({ description: "The issuing CA's own certificate, revoked by its issuer's CRL" }),
    crl: z
      .object({
        thisUpdate: Time,
        nextUpdate: Time.nullable(),
        stale: z
          .boolean()
          .openapi({ description: 'The nextUpdate has passed: the CA may have said more since' }),
      })
      .nullable()
      .openapi({
        description:
          "How current the CA's word is: the issuer's latest CRL; null when none was ever imported (a good answer then says it is not confirmed with the CA)",
      }),
    checkedAt: Time,
    at: Time.optional().openapi({ description: 'The instant asked about, when `at` was given' }),
    statusAt: PublicStatus.optional().openapi({
      description: 'The status at `at`: was it valid when it signed?',
    }),
    verdictAt: z.string().optional().openapi({ description: 'The status at `at`, in words' }),
  })
  .openapi('StatusAnswer')
export type StatusAnswer = z.infer<typeof StatusAnswer>

/** `at`: an ISO instant, or a date (YYYY-MM-DD) meaning the start of that day in Vietnam. */
export const AtParam = z
  .string()
  .refine(
    (t) =>
      /^\d{4}-\d{2}-\d{2}$/.test(t)
        ? z.iso.date().safeParse(t).success
        : z.iso.datetime({ offset: true }).safeParse(t).success,
    { message: 'bad-instant' }
  )
  .transform((t) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00+07:00` : t))
  .openapi({ type: 'string', example: '2026-03-01T09:30:00+07:00' })

export const StatusQuery = z.object({
  issuer: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: 'Needed only when several registered certificates share the serial' }),
  at: AtParam.optional(),
})

export const StatusParams = z.object({
  serial: Serial.openapi({ param: { name: 'serial', in: 'path' }, example: '54010A3F9C227B41' }),
})

const SerialItem = z.union([
  Serial,
  z.strictObject({ serial: Serial, issuer: z.string().max(500).optional() }),
])

export const BatchCheck = z
  .strictObject({
    serials: z.array(SerialItem).min(1).max(1000),
    at: AtParam.optional(),
  })
  .openapi('BatchCheck')

export const BatchAnswer = z
  .object({
    items: z.array(
      z.union([
        StatusAnswer,
        z.object({
          serial: z.string(),
          error: z.object({ code: z.literal('issuer-required'), issuers: z.array(z.string()) }),
        }),
      ])
    ),
  })
  .openapi('BatchAnswer')

export const FileAnswer = StatusAnswer.extend({
  status: FileStatus,
  fingerprintMatches: z.boolean().nullable().openapi({
    description:
      'Whether the file is the certificate on record by its SHA-256 fingerprint (null: no fingerprint on record)',
  }),
  signatureVerified: z.boolean().nullable().openapi({
    description:
      "Where no fingerprint is on record: whether the file's signature verifies with a registered key of its issuer (null: not needed)",
  }),
  file: z.object({
    serial: z.string(),
    issuer: z.string(),
    subject: z.string(),
    notBefore: Time,
    notAfter: Time,
    fingerprint: z.string(),
  }),
}).openapi('FileAnswer')
