import { z } from '@hono/zod-openapi'
import { RequestState } from './request'
import { ListQuery, Text, Time } from './common'

export const NoticeState = z.enum(['pending', 'sent', 'failed', 'superseded', 'suppressed'])

export const Notice = z
  .object({
    id: z.string(),
    certificateId: z.string(),
    agencyId: z.string(),
    threshold: z.number().int().openapi({
      description:
        'Days before notAfter; -1 = the "expired" notice (the day after); -2 = the certificate was revoked (by the department or the CA)',
    }),
    dueDate: z
      .string()
      .openapi({ description: 'The Vietnam day the threshold is reached', example: '2026-12-01' }),
    state: NoticeState.openapi({
      description:
        'superseded: skipped while the scan caught up; suppressed: the certificate was revoked, renewed or acknowledged before delivery',
    }),
    digestId: z.string().nullable(),
    createdAt: Time,
    sentAt: Time.nullable(),
    acknowledged: z
      .object({
        by: z.string(),
        at: Time,
        until: Time.openapi({
          description:
            'It lapses then (ACK_DAYS after it was given): reminders resume; the "expired" notice is never held back',
        }),
        note: z.string().nullable(),
      })
      .nullable(),
    certificate: z.object({
      serial: z.string(),
      holderName: z.string(),
      notAfter: Time,
      kind: z.string(),
    }),
    renewalRequest: z.object({ id: z.string(), state: RequestState }).nullable().openapi({
      description:
        'The renewal request filed for the certificate, if any (the newest not cancelled or refused); while it is under way (filed, returned, checked, sent) reminders pause as for an acknowledgement',
    }),
  })
  .openapi('Notice')
export type Notice = z.infer<typeof Notice>

export const NoticeListQuery = ListQuery.extend({
  agencyId: z.string().optional(),
  subtree: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  certificateId: z.string().optional(),
  state: z
    .enum(['pending', 'sent', 'failed', 'superseded', 'suppressed', 'acknowledged'])
    .optional(),
  threshold: z.coerce.number().int().min(-2).max(365).optional(),
  from: z.iso.date().optional().openapi({ description: 'Due on or after this day' }),
  to: z.iso.date().optional().openapi({ description: 'Due on or before this day' }),
})
export type NoticeListQuery = z.infer<typeof NoticeListQuery>

export const AckRequest = z
  .strictObject({
    note: Text(500).optional().openapi({ example: 'Đã nộp hồ sơ gia hạn ngày 20/11' }),
  })
  .openapi('AckRequest')
