import { z } from '@hono/zod-openapi'
import { Email, Flag, Id, ListQuery, Text, Time } from './common'

export const HolderKind = z.enum(['person', 'organisation'])

/** CCCD: 12 digits. Personal data: shown whole only to the department. */
const NationalId = z
  .string()
  .regex(/^\d{12}$/, 'a CCCD has exactly 12 digits')
  .openapi({ example: '001203004589' })
const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 .-]{8,20}$/, 'a phone number: 8 to 20 digits')

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
  .refine(noCccdForOrganisations, { path: ['nationalId'], message: 'an organisation has no CCCD' })
  .openapi('HolderCreate')
export type HolderCreate = z.infer<typeof HolderCreate>

export const HolderPatch = z
  .strictObject({
    fullName: holderFields.fullName.optional(),
    nationalId: holderFields.nationalId,
    position: holderFields.position,
    email: holderFields.email,
    phone: holderFields.phone,
    agencyId: Id.optional(),
  })
  .openapi('HolderPatch')
export type HolderPatch = z.infer<typeof HolderPatch>

export const HolderListQuery = ListQuery.extend({
  agencyId: z.string().optional(),
  subtree: Flag.optional().openapi({ description: 'With agencyId: include every agency below it' }),
  kind: HolderKind.optional(),
  q: z.string().max(200).optional().openapi({ description: 'Name, with or without diacritics' }),
})
