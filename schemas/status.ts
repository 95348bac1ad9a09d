import { z } from '@hono/zod-openapi'
import { Reason } from './certificate'
import { Serial, Time } from './common'

export const PublicStatus = z
  .enum(['good', 'revoked', 'expired', 'not_yet_valid', 'unknown'])
  .openapi({
    description:
      'good, revoked, expired, not_yet_valid, or unknown (no registered certificate has the serial)',
  })
/** A file check may also say the file is not the registered certificate. */
export const FileStatus = z
  .enum(['good', 'revoked', 'expired', 'not_yet_valid', 'unknown', 'mismatch'])
  .openapi({
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
    reason: Reason.nullable(),
    replacedBy: z.object({ serial: z.string(), notAfter: Time }).nullable(),
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
  registered: z
    .boolean()
    .openapi({ description: 'Whether a certificate with this issuer and serial is registered' }),
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
