import { z } from '@hono/zod-openapi'
import { Time } from './common'

export const Job = z
  .object({
    id: z.string().openapi({ example: 'restore-2026-11-20-1764480000000' }),
    kind: z.enum(['backup', 'restore', 'export']),
    status: z.string().openapi({
      description:
        'queued, running, paused, complete, errored, terminated, waiting or unknown (Cloudflare Workflows)',
    }),
    output: z.unknown().optional().openapi({ description: 'What it produced, once complete' }),
    error: z.string().nullable().optional().openapi({ description: 'Why it failed' }),
  })
  .openapi('Job')
export type Job = z.infer<typeof Job>

export const BackupSummary = z
  .object({
    date: z.string().openapi({ example: '2026-11-20' }),
    prefix: z.string(),
    createdAt: Time.nullable(),
    migration: z.string().nullable(),
    rows: z.record(z.string(), z.number().int()),
    complete: z.boolean().openapi({ description: 'Whether its signed manifest is there' }),
  })
  .openapi('Backup')
