import { z } from '@hono/zod-openapi'
import { Email, Id, ListQuery, Text, Time } from './common'

export const Role = z.enum(['admin', 'officer', 'auditor'])

export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    role: Role,
    agencyId: z
      .string()
      .nullable()
      .openapi({ description: 'Officers: the agency whose subtree they see' }),
    prefix: z.string().openapi({ description: 'The first characters of the key, to recognise it' }),
    createdAt: Time,
    createdBy: z.string(),
    revokedAt: Time.nullable(),
    lastUsedAt: Time.nullable().openapi({ description: 'Recorded at most once a minute' }),
  })
  .openapi('ApiKey')
export type ApiKey = z.infer<typeof ApiKey>

export const NewApiKey = ApiKey.extend({
  secret: z
    .string()
    .openapi({ description: 'The key itself: shown this once, stored only as a hash' }),
}).openapi('NewApiKey')

const scoped = (v: { role: string; agencyId?: string | null }) =>
  (v.role === 'officer') === !!v.agencyId

export const ApiKeyCreate = z
  .strictObject({
    name: Text(100).openapi({ example: 'Văn thư Sở Y tế' }),
    role: Role,
    agencyId: Id.nullable().optional(),
  })
  .refine(scoped, { path: ['agencyId'], message: 'officer-needs-agency' })
  .openapi('ApiKeyCreate')
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: Role,
    agencyId: z.string().nullable(),
    createdAt: Time,
    disabledAt: Time.nullable(),
  })
  .openapi('User')
export type User = z.infer<typeof User>

export const UserCreate = z
  .strictObject({ email: Email, name: Text(200), role: Role, agencyId: Id.nullable().optional() })
  .refine(scoped, { path: ['agencyId'], message: 'officer-needs-agency' })
  .openapi('UserCreate')
export type UserCreate = z.infer<typeof UserCreate>

export const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: Time,
    principal: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    requestId: z.string(),
    hash: z.string().nullable(),
  })
  .openapi('AuditEntry')

export const AuditQuery = ListQuery.extend({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'not a cursor this API handed out')
    .optional(),
  entity: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  principal: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Entries at or after this time' }),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Entries before this time' }),
})

export const AuditVerification = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    anchor: z
      .object({ seq: z.number().int(), at: z.string() })
      .nullable()
      .openapi({ description: 'The latest anchor verified against (kept outside D1)' }),
    headSeq: z.number().int().nullable(),
    problem: z
      .object({
        seq: z.number().int(),
        reason: z.string().openapi({
          description:
            'gap (entries removed), truncated (the newest removed), prev-mismatch, content-mismatch (rewritten), unkeyed or unknown-key (re-forged without the key), anchor-mismatch, anchor-signature',
        }),
      })
      .nullable(),
    nextFromSeq: z.number().int().nullable().openapi({
      description: 'Set when the log is longer than one call verifies: call again from here',
    }),
  })
  .openapi('AuditVerification')

export const SignIn = z.object({ apiKey: z.string().min(1).max(200) }).openapi('SignIn')

export const Session = z
  .object({
    principal: z.object({
      id: z.string(),
      role: z.string(),
      agencyId: z.string().nullable(),
      name: z.string(),
    }),
    csrfToken: z.string(),
  })
  .openapi('Session')
