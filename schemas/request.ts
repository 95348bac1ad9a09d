import { z } from '@hono/zod-openapi'
import { REQUEST_KINDS, REQUEST_STATES } from '../src/domain/requests'
import { Flag, Id, Instant, ListQuery, Text, Time } from './common'

const CALENDAR_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** A calendar day (YYYY-MM-DD) that exists. */
export const Day = z
  .string()
  .regex(CALENDAR_DAY, 'bad-date')
  // zod goes on checking after a failed regex: "30/11/26" must not reach toISOString.
  .refine((d) => {
    const at = new Date(`${d}T00:00:00Z`)
    return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(d)
  }, 'bad-date')
  .openapi({ example: '2026-12-01' })

export const RequestKind = z.enum(REQUEST_KINDS).openapi({
  description:
    'issue (cấp mới: Mẫu 01 person, 02 organisation, 03 device/service/software), renewal (gia hạn), change (thay đổi nội dung thông tin), revocation (thu hồi), recovery (khôi phục thiết bị lưu khóa bí mật)',
})
export const RequestState = z.enum(REQUEST_STATES).openapi({
  description:
    'draft → filed (by the agency) → checked (by the department) or returned (for correction) → sent (to the CA) → done or refused (by the CA); or cancelled',
})

const Item = z
  .strictObject({
    holderId: Id.optional(),
    deviceId: Id.optional(),
    certificateId: Id.optional(),
  })
  .refine((i) => i.holderId || i.deviceId || i.certificateId, { message: 'request-item-empty' })

const fields = {
  certificateKind: z.enum(['personal', 'organisation', 'device_service']).nullable().optional(),
  docNumber: Text(100).nullable().optional().openapi({ example: '123/SKHCN-VP' }),
  docDate: Day.nullable().optional(),
  reasonCode: z
    .union([z.literal(0), z.literal(1), z.literal(3), z.literal(4), z.literal(5), z.literal(9)])
    .nullable()
    .optional()
    .openapi({ description: 'For a revocation: the RFC 5280 reason' }),
  cause: Text(500)
    .nullable()
    .optional()
    .openapi({ description: 'For a revocation: the cause in words (ND 68)' }),
  note: Text(2000).nullable().optional(),
  items: z.array(Item).min(1).max(200).openapi({
    description: 'The people, devices or certificates it concerns (one request may cover several)',
  }),
}

export const RequestCreate = z
  .strictObject({ kind: RequestKind, agencyId: Id, ...fields })
  .openapi('RequestCreate')
export type RequestCreate = z.infer<typeof RequestCreate>

export const RequestPatch = z
  .strictObject({ ...fields, items: fields.items.optional() })
  .openapi('RequestPatch')
export type RequestPatch = z.infer<typeof RequestPatch>

export const Request = z
  .object({
    id: z.string(),
    kind: RequestKind,
    certificateKind: z.string().nullable(),
    agencyId: z.string(),
    docNumber: z.string().nullable(),
    docDate: z.string().nullable(),
    reasonCode: z.number().nullable(),
    cause: z.string().nullable(),
    note: z.string().nullable(),
    state: RequestState,
    stateNote: z.string().nullable(),
    channel: z.string().nullable(),
    reference: z.string().nullable(),
    sentAt: Time.nullable(),
    dueDay: z
      .string()
      .nullable()
      .openapi({ description: 'The CA answers by the end of this Vietnam day' }),
    overdue: z.boolean(),
    doneAt: Time.nullable(),
    resultId: z.string().nullable(),
    items: z.array(
      z.object({
        holderId: z.string().nullable(),
        deviceId: z.string().nullable(),
        certificateId: z.string().nullable(),
      })
    ),
    createdBy: z.string(),
    version: z.number().int(),
    createdAt: Time,
    updatedAt: Time,
  })
  .openapi('Request')
export type Request = z.infer<typeof Request>

export const RequestListQuery = ListQuery.extend({
  agencyId: z.string().optional(),
  state: RequestState.optional(),
  kind: RequestKind.optional(),
  overdue: Flag.optional().openapi({ description: 'Sent, and past its due day' }),
})

export const RequestTransition = z
  .strictObject({
    note: Text(500).optional().openapi({ description: 'Why (returned, refused, cancelled)' }),
    channel: z.enum(['online', 'document-exchange', 'paper']).optional(),
    reference: Text(200).optional(),
    sentAt: Instant.optional(),
    certificateId: Id.optional().openapi({ description: 'done: the certificate it led to' }),
  })
  .openapi('RequestTransition')
export type RequestTransition = z.infer<typeof RequestTransition>

export const HolidayEntry = z
  .strictObject({
    day: Day,
    kind: z
      .enum(['off', 'work'])
      .openapi({ description: 'off: a day off; work: a weekend day worked' }),
    name: Text(200).openapi({ example: 'Nghỉ bù Tết Nguyên Đán' }),
    source: Text(300).openapi({ example: 'Thông báo số 6150/TB-BNV ngày 04/11/2025' }),
  })
  .openapi('HolidayEntry')
export type HolidayEntry = z.infer<typeof HolidayEntry>
