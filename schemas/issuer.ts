import { z } from '@hono/zod-openapi'
import { DistinguishedName, Text, Time } from './common'

export const IssuerKey = z
  .object({
    id: z.string(),
    subject: z
      .string()
      .openapi({ description: "The key's certificate subject: the issuer's name" }),
    fingerprint: z.string().openapi({ description: 'SHA-256 of the CA certificate' }),
    serial: z
      .string()
      .nullable()
      .openapi({ description: "The CA certificate's serial: its own issuer's CRL may list it" }),
    keyId: z.string().nullable().openapi({
      description: 'Subject key identifier: a CRL names its signing key by it (AKI)',
    }),
    notBefore: Time.nullable(),
    notAfter: Time,
    createdAt: Time,
  })
  .openapi('IssuerKey')
export type IssuerKey = z.infer<typeof IssuerKey>

export const Issuer = z
  .object({
    id: z.string(),
    name: z.string(),
    dn: z
      .string()
      .openapi({ description: 'Canonical distinguished name, as in certificates’ issuer' }),
    aliases: z.array(z.string()).openapi({
      description:
        'Other names the CA is written by in spreadsheets and forms ("Ban Cơ yếu Chính phủ"): they resolve to this issuer',
    }),
    keys: z.array(IssuerKey).openapi({
      description: 'Its CA certificates (several after a key rollover); CRLs verify against any',
    }),
    crlUrls: z.array(z.string()).openapi({
      description:
        "Where the CA publishes its CRLs: learnt from its subscribers' certificates (CRLDistributionPoints), or set by the department; the scheduled fetch reads them",
    }),
    ocspUrls: z.array(z.string()).openapi({
      description: "The CA's OCSP responders (AuthorityInfoAccess of its certificates)",
    }),
    crlThisUpdate: Time.nullable().openapi({ description: 'When its newest CRL held was issued' }),
    crlNextUpdate: Time.nullable().openapi({ description: 'When the CA promised the next one' }),
    fetchFailures: z.number().int().openapi({ description: 'Scheduled fetches failed in a row' }),
    version: z.number().int(),
    createdAt: Time,
    updatedAt: Time,
  })
  .openapi('Issuer')
export type Issuer = z.infer<typeof Issuer>

const Alias = Text(500)

export const IssuerCreate = z
  .strictObject({
    dn: DistinguishedName(500).openapi({
      example: 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN',
    }),
    name: Text(300).optional().openapi({ description: 'Defaults to the CN of the name' }),
    aliases: z.array(Alias).max(20).default([]),
  })
  .openapi('IssuerCreate')
export type IssuerCreate = z.infer<typeof IssuerCreate>

/** A CRL or OCSP address the registry may fetch: http(s), at most 500 characters. */
const Url = z
  .string()
  .max(500)
  .regex(/^https?:\/\/[^\s]+$/i, { message: 'bad-url' })

export const IssuerPatch = z
  .strictObject({
    name: Text(300).optional(),
    aliases: z.array(Alias).max(20).optional(),
    crlUrls: z.array(Url).max(5).optional(),
    ocspUrls: z.array(Url).max(5).optional(),
  })
  .openapi('IssuerPatch')
export type IssuerPatch = z.infer<typeof IssuerPatch>
