import { z } from '@hono/zod-openapi'
import { Time } from './common'
import { PublicStatus } from './status'

export const Verdict = z.enum(['valid', 'invalid', 'indeterminate']).openapi({
  description:
    'ETSI EN 319 102-1: valid (intact, signer registered, good at a trusted signing time); invalid (altered, signature broken, forged chain, signer revoked or expired before it signed); indeterminate (the registry cannot tell: signer not registered, no trusted time while the certificate is no longer good, an algorithm it cannot check, the CA’s CRL not current)',
})

const Said = z.object({ code: z.string(), text: z.string() })

export const SignatureReport = z.object({
  index: z.number().int().openapi({ description: 'Its place in the document, from 1' }),
  type: z.enum(['signature', 'document-timestamp']),
  verdict: Verdict,
  verdictText: z.string(),
  reasons: z.array(Said).openapi({ description: 'Why it is not valid, in the language asked for' }),
  notes: z
    .array(Said)
    .openapi({ description: 'What does not change the verdict but is worth knowing' }),
  signer: z
    .object({
      serial: z.string(),
      issuer: z.string(),
      subject: z.string(),
      registered: z.boolean(),
      sameCertificate: z.boolean().openapi({
        description: 'The certificate in the signature is the registered one (not a look-alike)',
      }),
      name: z.string().nullable(),
      kind: z.enum(['personal', 'organisation', 'device_service']).nullable().openapi({
        description: 'personal (a person’s signature) or organisation (the agency’s seal)…',
      }),
      agency: z.object({ name: z.string(), code: z.string() }).nullable(),
    })
    .nullable(),
  signedAt: z.object({
    time: Time.nullable(),
    trusted: z.boolean().openapi({
      description:
        'true: proven by an RFC 3161 timestamp of a registered TSA; false: only the signer’s claim (signingTime)',
    }),
  }),
  statusAtSigning: PublicStatus.nullable(),
  statusNow: PublicStatus.nullable(),
  algorithm: z
    .object({ digest: z.string().nullable(), signature: z.string().nullable(), weak: z.boolean() })
    .nullable(),
  coverage: z
    .object({
      wholeDocument: z.boolean(),
      after: z.enum(['none', 'signed', 'unsigned']).openapi({
        description:
          'What follows the bytes it signed: nothing; revisions a later signature covers; or unsigned changes',
      }),
    })
    .nullable(),
})

export const DocumentReport = z
  .object({
    type: z.enum(['pdf', 'cms']),
    sha256: z.string().openapi({ description: 'Of the file sent; the file itself is not kept' }),
    verdict: Verdict.nullable().openapi({ description: 'null: no signature found' }),
    verdictText: z.string(),
    reasons: z.array(Said),
    signatures: z.array(SignatureReport),
    checkedAt: Time,
  })
  .openapi('DocumentReport')
