import { z } from '@hono/zod-openapi'
import { Time } from './common'

const KindFigures = z.object({
  active: z.number().int(),
  expiring30: z.number().int().openapi({
    description: 'Active, not renewed, at most 30 Vietnam days left (as status=expiring&days=30)',
  }),
  expiring60: z.number().int(),
  expired: z.number().int(),
  revoked: z.number().int(),
  notYetValid: z.number().int(),
})

export const Summary = z
  .object({
    asOf: Time,
    agencyId: z
      .string()
      .nullable()
      .openapi({ description: 'The subtree summarised; null = the whole registry' }),
    certificates: z.object({
      personal: KindFigures,
      organisation: KindFigures,
      device_service: KindFigures,
    }),
    devices: z.record(z.string(), z.number().int()).openapi({ description: 'Devices by status' }),
    agencies: z.object({
      active: z.number().int(),
      withOrganisationCertificate: z.number().int(),
      coveragePercent: z.number().openapi({
        description: 'Share of active agencies holding an active organisation certificate',
      }),
    }),
    period: z.object({
      from: Time,
      to: Time,
      revocationsByReason: z
        .record(z.string(), z.number().int())
        .openapi({ description: 'Revocations in the period by RFC 5280 reason code' }),
      issued: z
        .number()
        .int()
        .openapi({ description: 'New issues (cấp mới) that became valid in the period' }),
      renewals: z
        .number()
        .int()
        .openapi({ description: 'Renewals (gia hạn) that became valid in the period' }),
      reissues: z.number().int().openapi({
        description:
          'Re-issues after a change of details or a damaged or lost device, valid from the period',
      }),
    }),
    notices: z.object({
      pending: z.number().int(),
      sent: z.number().int(),
      failed: z.number().int(),
      acknowledged: z
        .number()
        .int()
        .openapi({ description: 'Certificates acknowledged as being renewed' }),
      superseded: z.number().int(),
      suppressed: z.number().int(),
    }),
  })
  .openapi('Summary')
export type Summary = z.infer<typeof Summary>

export const Expiries = z
  .object({
    months: z
      .array(
        z.object({ month: z.string().openapi({ example: '2027-01' }), count: z.number().int() })
      )
      .openapi({ description: 'The next 12 Vietnam calendar months, this one first' }),
    agencies: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        within30: z.number().int(),
        within60: z.number().int(),
      })
    ),
  })
  .openapi('Expiries')

export const PeriodQuery = z.object({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Start of the period (default: 90 days ago)' }),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'End of the period (default: now)' }),
})

export const AgencyReport = z
  .object({
    asOf: Time,
    parentId: z.string().nullable(),
    rows: z.array(
      Summary.extend({
        agency: z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.string() }),
      })
    ),
  })
  .openapi('AgencyReport')
export type AgencyReport = z.infer<typeof AgencyReport>
