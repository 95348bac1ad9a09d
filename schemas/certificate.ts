import { z } from '@hono/zod-openapi'
import { Notice } from './notice'
import { DEPARTMENT_CODES } from '../src/domain/reasons'
import {
  DistinguishedName,
  Fingerprint,
  Flag,
  FormOptional,
  Id,
  Instant,
  ListQuery,
  Serial,
  Text,
  Time,
  ValidFrom,
  ValidUntil,
} from './common'

export const CertificateKind = z.enum(['personal', 'organisation', 'device_service']).openapi({
  description:
    'personal (an official), organisation (the agency seal), device_service (a device, service or software: Mẫu 03)',
})
export const Replacement = z.enum(['renewal', 'change', 'device']).openapi({
  description:
    'How a certificate replaced another: renewal (gia hạn), change of details (thay đổi nội dung thông tin), or re-issue after a damaged or lost device',
})
export const CertificateStatus = z
  .enum(['active', 'expired', 'revoked', 'not_yet_valid', 'on_hold'])
  .openapi({
    description:
      'on_hold: the CA suspended it (certificateHold on its CRL): not valid while the hold lasts, not revoked for good',
  })

export const Reason = z
  .object({
    code: z.number().int(),
    name: z.string().openapi({ example: 'keyCompromise' }),
    cause: z.string().openapi({ example: 'Lộ khóa bí mật hoặc mất thiết bị lưu khóa' }),
    causeEn: z.string(),
  })
  .openapi('RevocationReason')

export const Certificate = z
  .object({
    id: z.string().openapi({ example: 'crt_01JD8ZQ6XH4M3VJ3QK6N2R7T9W' }),
    kind: CertificateKind,
    serial: z
      .string()
      .openapi({ example: '54010A3F9C227B41', description: 'Upper-case hex, no separators' }),
    issuer: z.string(),
    subject: z.string(),
    holderId: z.string(),
    agencyId: z.string(),
    deviceId: z.string().nullable(),
    notBefore: Time,
    notAfter: Time,
    fingerprint: z.string().nullable(),
    replacesId: z.string().nullable(),
    replacement: Replacement.nullable(),
    replacedById: z.string().nullable(),
    note: z.string().nullable(),
    status: CertificateStatus.openapi({
      description: 'Derived from the clock, notAfter and revocation',
    }),
    daysLeft: z
      .number()
      .int()
      .openapi({ description: 'Whole days left, counted on Vietnam calendar days' }),
    revokedAt: Time.nullable(),
    invalidityDate: Time.nullable().openapi({
      description:
        'When the key was known or suspected compromised (RFC 5280 invalidityDate): answers "at" a moment from it on say revoked',
    }),
    reason: Reason.nullable(),
    revocationNote: z.string().nullable(),
    holdAt: Time.nullable().openapi({
      description: "Since when the CA's CRL holds it (certificateHold); null when not on hold",
    }),
    revokedBy: z.string().nullable().openapi({
      description: "The CRL whose import revoked it (the CA's word); null when recorded here",
    }),
    version: z.number().int(),
    createdAt: Time,
    updatedAt: Time,
  })
  .openapi('Certificate')
export type Certificate = z.infer<typeof Certificate>

const ChainLink = z.object({
  id: z.string(),
  serial: z.string(),
  notBefore: Time,
  notAfter: Time,
  status: CertificateStatus,
})

export const CertificateDetail = Certificate.extend({
  holder: z.object({ id: z.string(), fullName: z.string(), kind: z.string() }),
  agency: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  device: z.object({ id: z.string(), serial: z.string(), status: z.string() }).nullable(),
  chain: z
    .array(ChainLink)
    .openapi({ description: 'The renewal chain, oldest first, this one included' }),
  notices: z.array(Notice).openapi({ description: 'Its expiry notices, by due date' }),
}).openapi('CertificateDetail')

const newCertificateFields = {
  serial: Serial,
  issuer: DistinguishedName(500).openapi({
    example: 'CN=CA phục vụ các cơ quan Nhà nước,O=Ban Cơ yếu Chính phủ,C=VN',
  }),
  subject: DistinguishedName(1000).openapi({
    example: 'CN=Nguyễn Văn An,O=Sở Khoa học và Công nghệ,C=VN',
  }),
  deviceId: Id.nullable().optional(),
  notBefore: ValidFrom,
  notAfter: ValidUntil,
  fingerprint: Fingerprint.nullable().optional(),
  note: Text(2000).nullable().optional(),
}

export const CertificateCreate = z
  .strictObject({
    kind: CertificateKind,
    holderId: Id,
    agencyId: Id.optional().openapi({ description: "Defaults to the holder's agency" }),
    replacesId: Id.nullable().optional().openapi({
      description:
        'Re-issue: the certificate this one replaces (after a change of details or a damaged or lost device); the replaced one is revoked (4, superseded) unless it is already',
    }),
    replacement: z.enum(['change', 'device']).optional().openapi({
      description:
        'With replacesId: a change of details, or a re-issue after a damaged or lost device',
    }),
    ...newCertificateFields,
  })
  .refine((c) => !c.replacesId === !c.replacement, {
    path: ['replacement'],
    message: 'replacement-with-replaces',
  })
  .openapi('CertificateCreate')
export type CertificateCreate = z.infer<typeof CertificateCreate>

export const RenewRequest = z
  .strictObject({
    kind: CertificateKind.optional().openapi({
      description: 'If given, must equal the renewed one',
    }),
    holderId: Id.optional().openapi({ description: 'If given, must equal the renewed one' }),
    agencyId: Id.optional(),
    ...newCertificateFields,
  })
  .openapi('RenewRequest')
export type RenewRequest = z.infer<typeof RenewRequest>

export const CertificatePatch = z
  .strictObject({
    deviceId: Id.nullable().optional(),
    agencyId: Id.optional(),
    fingerprint: Fingerprint.nullable().optional(),
    note: Text(2000).nullable().optional(),
  })
  .openapi('CertificatePatch')
export type CertificatePatch = z.infer<typeof CertificatePatch>

export const RevokeRequest = z
  .strictObject({
    reasonCode: z
      .number()
      .int()
      .refine((code) => (DEPARTMENT_CODES as readonly number[]).includes(code), {
        message: 'bad-reason-code',
      })
      .openapi({
        example: 1,
        description: `RFC 5280 reason: ${DEPARTMENT_CODES.join(', ')} (unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation, privilegeWithdrawn)`,
      }),
    note: Text(2000).optional(),
    revokedAt: Instant.optional().openapi({
      description:
        'When it was revoked; defaults to now, never in the future nor before the certificate became valid',
    }),
    invalidityDate: Instant.optional().openapi({
      description:
        'When the key was known or suspected compromised (RFC 5280 invalidityDate): not after revokedAt, not before validity',
    }),
  })
  .openapi('RevokeRequest')
export type RevokeRequest = z.infer<typeof RevokeRequest>

export const CertificateListQuery = ListQuery.extend({
  agencyId: z.string().optional(),
  subtree: Flag.optional().openapi({ description: 'With agencyId: include every agency below it' }),
  kind: CertificateKind.optional(),
  status: z
    .enum(['active', 'expiring', 'expired', 'revoked', 'not_yet_valid', 'on_hold'])
    .optional()
    .openapi({
      description: 'expiring: active, not yet replaced, and at most `days` Vietnam days left',
    }),
  days: z.coerce.number().int().min(0).max(3650).default(30),
  holderId: z.string().optional(),
  deviceId: z.string().optional(),
  issuerId: z.string().optional().openapi({ description: 'Certificates of this issuing CA' }),
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Holder name, subject or serial, with or without diacritics' }),
  sort: z.enum(['notAfter', 'name', 'agency']).default('notAfter').openapi({
    description:
      'notAfter: soonest expiry first; name: the holder’s name; agency: the agency’s name, then expiry',
  }),
  count: Flag.optional().openapi({
    description: 'Also answer `total`: how many the filters find, counted up to 10,000',
  }),
})
export type CertificateListQuery = z.infer<typeof CertificateListQuery>

/** Recording from the certificate file: what the CA signed comes from the file, the rest from the form. */
export const CertificateFileForm = z
  .object({
    file: z.any().openapi({
      type: 'string',
      format: 'binary',
      description: 'The certificate (.cer, .crt, .pem; PEM or DER)',
    }),
    kind: CertificateKind,
    holderId: Id,
    agencyId: FormOptional(Id),
    deviceId: FormOptional(Id),
    replacesId: FormOptional(Id),
    replacement: FormOptional(z.enum(['change', 'device'])),
    note: FormOptional(z.string().max(2000)),
    serial: FormOptional(z.string().max(200)).openapi({
      description: 'If given, must agree with the file',
    }),
    issuer: FormOptional(z.string().max(500)).openapi({
      description: 'If given, must agree with the file',
    }),
    subject: FormOptional(z.string().max(1000)).openapi({
      description: 'If given, must agree with the file',
    }),
    notBefore: FormOptional(z.string().max(40)).openapi({
      description: 'If given, must agree with the file',
    }),
    notAfter: FormOptional(z.string().max(40)).openapi({
      description: 'If given, must agree with the file',
    }),
    fingerprint: FormOptional(z.string().max(100)).openapi({
      description: 'If given, must agree with the file',
    }),
  })
  .openapi('CertificateFileForm')
export type CertificateFileForm = z.infer<typeof CertificateFileForm>

/** A renewal from the new certificate's file: holder and kind are the renewed one's. */
export const RenewFileForm = CertificateFileForm.omit({ replacesId: true, replacement: true })
  .extend({
    kind: FormOptional(CertificateKind).openapi({
      description: 'If given, must equal the renewed one',
    }),
    holderId: FormOptional(Id).openapi({ description: 'If given, must equal the renewed one' }),
  })
  .openapi('RenewFileForm')
export type RenewFileForm = z.infer<typeof RenewFileForm>

export const OcspCheck = z
  .object({
    responder: z.string(),
    status: z.enum(['good', 'revoked', 'unknown']).openapi({
      description:
        "What the CA's OCSP responder says now (unknown: it does not know the certificate)",
    }),
    revokedAt: Time.nullable(),
    reason: Reason.nullable(),
    thisUpdate: Time,
    nextUpdate: Time.nullable(),
    producedAt: Time,
    registry: CertificateStatus.openapi({ description: 'What the registry says now' }),
    agrees: z.boolean().openapi({
      description: 'Whether the two agree; a disagreement is recorded in the audit log',
    }),
  })
  .openapi('OcspCheck')
export type OcspCheck = z.infer<typeof OcspCheck>
