import { z } from '@hono/zod-openapi'
import { Email, Flag, Id, ListQuery, Text, Time } from './common'

export const AgencyKind = z.enum(['province', 'department', 'commune', 'unit', 'other'])
export const AgencyStatus = z.enum(['active', 'merged', 'dissolved'])

const Code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/, 'bad-agency-code')
  .openapi({ example: 'STTTT' })
const WebhookUrl = z.url({ protocol: /^https?$/ }).max(500)
const ReminderDays = z
  .array(z.number().int().min(1).max(365))
  .min(1)
  .max(10)
  .transform((days) => [...new Set(days)].sort((a, b) => b - a))
  .openapi({ example: [60, 30, 14, 7, 1] })

export const Agency = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: AgencyKind,
    parentId: z.string().nullable(),
    emails: z.array(z.string()),
    webhookUrl: z.string().nullable(),
    status: AgencyStatus,
    successorId: z.string().nullable().openapi({
      description:
        'A merged agency: the one it merged into; a dissolved one: the agency that took over its affairs, if any',
    }),
    endedAt: Time.nullable().openapi({ description: 'When it merged or was dissolved' }),
    reminderDays: z.array(z.number().int()).nullable().openapi({
      description:
        "Days before expiry this agency is reminded (one falling on a weekend, holiday or day off goes out on the working day before); null = the registry's",
    }),
    version: z.number().int(),
    createdAt: Time,
    updatedAt: Time,
  })
  .openapi('Agency')
export type Agency = z.infer<typeof Agency>

export const AgencyCreate = z
  .strictObject({
    code: Code,
    name: Text(300).openapi({ example: 'Sở Khoa học và Công nghệ' }),
    kind: AgencyKind,
    parentId: Id.nullable().optional(),
    emails: z.array(Email).max(20).default([]),
    webhookUrl: WebhookUrl.nullable().optional(),
    reminderDays: ReminderDays.nullable().optional(),
  })
  .openapi('AgencyCreate')
export type AgencyCreate = z.infer<typeof AgencyCreate>

export const AgencyPatch = z
  .strictObject({
    code: Code.optional(),
    name: Text(300).optional(),
    kind: AgencyKind.optional(),
    parentId: Id.nullable().optional(),
    emails: z.array(Email).max(20).optional(),
    webhookUrl: WebhookUrl.nullable().optional(),
    reminderDays: ReminderDays.nullable().optional(),
  })
  .openapi('AgencyPatch')
export type AgencyPatch = z.infer<typeof AgencyPatch>

export const AgencyListQuery = ListQuery.extend({
  parentId: z.string().optional().openapi({ description: 'Direct children of this agency' }),
  kind: AgencyKind.optional(),
  status: AgencyStatus.optional(),
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Name or code, with or without diacritics' }),
  roots: Flag.optional().openapi({ description: 'Only agencies without a parent' }),
})

export const MergeRequest = z
  .strictObject({
    successorId: Id.openapi({ description: 'The agency it merges into' }),
    note: Text(500).optional().openapi({ example: 'Quyết định số 1234/QĐ-UBND ngày 30/6/2025' }),
  })
  .openapi('MergeRequest')
export type MergeRequest = z.infer<typeof MergeRequest>

export const AgencyDetail = Agency.extend({
  formerNames: z
    .array(z.object({ name: z.string(), until: Time }))
    .openapi({ description: 'The names it had before, newest first, each with when it changed' }),
}).openapi('AgencyDetail')

export const Moved = z
  .object({
    holders: z.number().int(),
    devices: z.number().int(),
    certificates: z.number().int(),
    units: z.number().int(),
  })
  .openapi('Moved')

const Note = Text(500)
  .optional()
  .openapi({ example: 'Nghị quyết số 1234/NQ-UBTVQH15 ngày 16/6/2025' })

export const SplitPart = z.strictObject({
  agencyId: Id.openapi({ description: 'Where these go: an active agency outside this one' }),
  units: z.array(Id).max(500).default([]),
  holders: z.array(Id).max(5000).default([]),
  devices: z.array(Id).max(5000).default([]),
})

export const SplitRequest = z
  .strictObject({
    parts: z.array(SplitPart).min(1).max(50),
    dissolve: z.boolean().default(false).openapi({
      description:
        'chia: the agency ends once everything is placed (it must be left with no unit, person in post or device); tách (false): it continues',
    }),
    successorId: Id.optional().openapi({
      description: 'With dissolve: the agency that takes over what is left (its notices go there)',
    }),
    note: Note,
  })
  .openapi('SplitRequest')
export type SplitRequest = z.infer<typeof SplitRequest>

export const DissolveRequest = z
  .strictObject({
    successorId: Id.optional().openapi({
      description:
        'The agency that takes over its affairs (its notices go there); none: the department',
    }),
    note: Note,
  })
  .openapi('DissolveRequest')
export type DissolveRequest = z.infer<typeof DissolveRequest>

export const CorrectionRequest = z
  .strictObject({
    reason: Text(1000).openapi({
      description: 'Why the recorded change was a mistake (kept in the audit log)',
      example: 'Sáp nhập nhầm vào xã Hòa Bình; đúng là xã Hòa An',
    }),
  })
  .openapi('CorrectionRequest')
export type CorrectionRequest = z.infer<typeof CorrectionRequest>
