import { z } from '@hono/zod-openapi'
import { Certificate } from './certificate'
import { Email, Flag, Id, Instant, ListQuery, Text, Time } from './common'
import { Device } from './device'

export const HolderKind = z.enum(['person', 'organisation'])
export const HolderStatus = z
  .enum(['in_post', 'transferred', 'retired', 'resigned', 'deceased'])
  .openapi({
    description:
      'in_post (đang công tác), transferred (chuyển công tác), retired (nghỉ hưu), resigned (thôi việc), deceased (từ trần)',
  })

/** CCCD: 12 digits. Personal data: shown whole only to the department. */
const NationalId = z
  .string()
  .regex(/^\d{12}$/, 'bad-cccd')
  .openapi({ example: '001203004589' })
const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 .-]{8,20}$/, 'bad-phone')

export const Holder = z
  .object({
    id: z.string(),
    kind: HolderKind,
    fullName: z.string(),
    nationalId: z
      .string()
      .nullable()
      .openapi({ description: 'Whole for admins, masked (0012******89) for others' }),
    position: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    agencyId: z.string(),
    status: HolderStatus,
    leftAt: Time.nullable().openapi({ description: 'When a holder who left did so' }),
    version: z.number().int(),
    createdAt: Time,
    updatedAt: Time,
  })
  .openapi('Holder')
export type Holder = z.infer<typeof Holder>

const holderFields = {
  fullName: Text(300).openapi({ example: 'Nguyễn Văn An' }),
  nationalId: NationalId.nullable().optional(),
  position: Text(200).nullable().optional(),
  email: Email.nullable().optional(),
  phone: Phone.nullable().optional(),
  agencyId: Id,
}

/** An organisation (the agency's own seal certificate) has no CCCD. */
const noCccdForOrganisations = (holder: { kind?: string; nationalId?: string | null }) =>
  holder.kind !== 'organisation' || !holder.nationalId

export const HolderCreate = z
  .strictObject({ kind: HolderKind, ...holderFields })
  .refine(noCccdForOrganisations, { path: ['nationalId'], message: 'organisation-no-cccd' })
  .openapi('HolderCreate')
export type HolderCreate = z.infer<typeof HolderCreate>

export const HolderPatch = z
  .strictObject({
    fullName: holderFields.fullName.optional(),
    nationalId: holderFields.nationalId,
    position: holderFields.position,
    email: holderFields.email,
    phone: holderFields.phone,
  })
  .openapi('HolderPatch')
export type HolderPatch = z.infer<typeof HolderPatch>

export const HolderListQuery = ListQuery.extend({
  agencyId: z.string().optional(),
  subtree: Flag.optional().openapi({ description: 'With agencyId: include every agency below it' }),
  kind: HolderKind.optional(),
  status: HolderStatus.optional(),
  q: z.string().max(200).optional().openapi({ description: 'Name, with or without diacritics' }),
})

export const LeaveRequest = z
  .strictObject({
    status: z.enum(['transferred', 'retired', 'resigned', 'deceased']).openapi({
      description:
        'transferred (chuyển công tác, out of the registry), retired (nghỉ hưu), resigned (thôi việc), deceased (từ trần)',
    }),
    at: Instant.optional().openapi({ description: 'When; defaults to now' }),
    note: Text(500).optional().openapi({ example: 'Quyết định số 45/QĐ-UBND ngày 01/12/2026' }),
    revokeCertificates: z.boolean().default(false).openapi({
      description:
        'Revoke its active personal certificates in the same step (3 affiliationChanged for a transfer, 5 cessationOfOperation otherwise)',
    }),
  })
  .openapi('LeaveRequest')
export type LeaveRequest = z.infer<typeof LeaveRequest>

export const MoveRequest = z
  .strictObject({
    agencyId: Id.openapi({ description: 'The agency of the registry the holder moves to' }),
    at: Instant.optional().openapi({ description: 'When; defaults to now' }),
    note: Text(500).optional(),
    revokeCertificates: z.boolean().default(false).openapi({
      description:
        'Revoke its active personal certificates (they name the old agency) in the same step, reason 3 affiliationChanged',
    }),
  })
  .openapi('MoveRequest')
export type MoveRequest = z.infer<typeof MoveRequest>

export const Departure = z
  .object({
    holder: Holder,
    reasonCode: z
      .number()
      .int()
      .openapi({ description: 'The RFC 5280 reason its certificates take' }),
    certificatesToRevoke: z.array(Certificate).openapi({
      description: 'Active personal certificates naming the old post, not revoked in this step',
    }),
    revoked: z
      .array(Certificate)
      .openapi({ description: 'Revoked in this step (revokeCertificates)' }),
    devicesToTakeBack: z.array(Device).openapi({ description: 'Devices the holder still holds' }),
  })
  .openapi('Departure')
