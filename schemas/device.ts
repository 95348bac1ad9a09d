import { z } from '@hono/zod-openapi'
import { Certificate } from './certificate'
import { Flag, Id, Instant, ListQuery, Text, Time } from './common'

export const DeviceKind = z.enum(['token', 'sim_pki', 'hsm'])
export const DeviceStatus = z.enum(['in_stock', 'assigned', 'lost', 'damaged', 'retired'])

export const Device = z
  .object({
    id: z.string(),
    serial: z.string(),
    model: z.string(),
    kind: DeviceKind,
    status: DeviceStatus,
    agencyId: z.string(),
    holderId: z.string().nullable().openapi({ description: 'The current holder, if any' }),
    note: z.string().nullable(),
    version: z.number().int(),
    createdAt: Time,
    updatedAt: Time,
  })
  .openapi('Device')
export type Device = z.infer<typeof Device>

export const CustodyEntry = z
  .object({
    id: z.string(),
    holderId: z.string(),
    holderName: z.string(),
    assignedAt: Time,
    handoverRef: z
      .string()
      .nullable()
      .openapi({ description: 'Hand-over record number (biên bản bàn giao)' }),
    returnedAt: Time.nullable(),
    returnNote: z.string().nullable(),
    returnRef: z.string().nullable().openapi({ description: 'Return record number' }),
    closedBy: z.enum(['return', 'lost']).nullable(),
  })
  .openapi('CustodyEntry')
export type CustodyEntry = z.infer<typeof CustodyEntry>

export const DeviceDetail = Device.extend({
  custody: z
    .array(CustodyEntry)
    .openapi({ description: 'Every hand-over and return, newest first' }),
}).openapi('DeviceDetail')

const DeviceSerial = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,63}$/, 'letters, digits and . _ : / - ; at most 64')
  .transform((s) => s.toUpperCase())

export const DeviceCreate = z
  .strictObject({
    serial: DeviceSerial.openapi({ example: 'VGCA-TK-2025-00123' }),
    model: Text(200).openapi({ example: 'Bkav CA Token' }),
    kind: DeviceKind,
    agencyId: Id,
    note: Text(2000).nullable().optional(),
  })
  .openapi('DeviceCreate')
export type DeviceCreate = z.infer<typeof DeviceCreate>

export const DevicePatch = z
  .strictObject({
    model: Text(200).optional(),
    kind: DeviceKind.optional(),
    agencyId: Id.optional(),
    status: z.enum(['in_stock', 'damaged', 'retired']).optional(),
    note: Text(2000).nullable().optional(),
  })
  .openapi('DevicePatch')
export type DevicePatch = z.infer<typeof DevicePatch>

export const AssignRequest = z
  .strictObject({
    holderId: Id,
    handoverRef: Text(100).optional().openapi({ example: 'BB-2025/117' }),
    at: Instant.optional().openapi({ description: 'When it was handed over; defaults to now' }),
  })
  .openapi('AssignRequest')
export type AssignRequest = z.infer<typeof AssignRequest>

export const ReturnRequest = z
  .strictObject({
    at: Instant.optional(),
    note: Text(2000).optional(),
    returnRef: Text(100).optional().openapi({ description: 'Return record number (biên bản)' }),
  })
  .openapi('ReturnRequest')
export type ReturnRequest = z.infer<typeof ReturnRequest>

export const ReportLostRequest = z
  .strictObject({
    at: Instant.optional().openapi({ description: 'When it was lost; defaults to now' }),
    note: Text(2000).optional(),
    revokeCertificates: z.boolean().default(false).openapi({
      description:
        'Revoke every active certificate on it in the same step: reason 1 (keyCompromise), the loss as invalidity date',
    }),
  })
  .openapi('ReportLostRequest')
export type ReportLostRequest = z.infer<typeof ReportLostRequest>

export const DeviceListQuery = ListQuery.extend({
  agencyId: z.string().optional(),
  subtree: Flag.optional().openapi({ description: 'With agencyId: include every agency below it' }),
  status: DeviceStatus.optional(),
  kind: DeviceKind.optional(),
  holderId: z.string().optional(),
  q: z.string().max(100).optional().openapi({ description: 'Serial prefix' }),
})
export type DeviceListQuery = z.infer<typeof DeviceListQuery>

export const LostReport = z
  .object({
    device: Device,
    revocationCandidates: z.array(Certificate).openapi({
      description:
        'Active certificates still on the lost device: revoke each (reason 1, keyCompromise)',
    }),
    revoked: z
      .array(Certificate)
      .openapi({ description: 'Revoked in this step (revokeCertificates)' }),
  })
  .openapi('LostReport')

export const ReturnAnswer = Device.extend({
  certificatesOnDevice: z.array(Certificate).openapi({
    description:
      'Active certificates still on the returned device: revoke them, or hand it back to their holder',
  }),
}).openapi('ReturnAnswer')
