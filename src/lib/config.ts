import { z } from 'zod'
import { parseThresholds } from '../domain/reminders'

const binding = (what: string) =>
  z.custom<object>((v) => typeof v === 'object' && v !== null, `the ${what} binding is missing`)

/**
 * What the Worker needs from its configuration, checked once per isolate on the first request:
 * a missing binding or a malformed variable is named (never its value) in a 503, instead of a
 * failure somewhere deep in a request.
 */
const Config = z
  .object({
    DB: binding('D1'),
    CACHE: binding('KV'),
    NOTICES: binding('Queue'),
    PUBLIC_LIMITER: binding('rate-limit'),
    SIGNIN_LIMITER: binding('rate-limit'),
    ENVIRONMENT: z.enum(['development', 'test', 'bench', 'staging', 'production']),
    REMINDER_DAYS: z
      .string()
      .refine((t) => parseThresholds(t) !== null, 'must be days like 60,30,14,7,1'),
    EMAIL_FROM: z.email(),
    DEPARTMENT_EMAIL: z
      .string()
      .refine(
        (t) => t.split(',').every((a) => !a.trim() || z.email().safeParse(a.trim()).success),
        'must be e-mail addresses, comma-separated'
      ),
    WEBHOOK_SIGNING_KEY: z.string().min(16, 'must be at least 16 characters'),
    AUDIT_KEY: z.string().min(32, 'must be at least 32 characters'),
    CORS_ORIGINS: z.string(),
    ACCESS_TEAM_DOMAIN: z
      .string()
      .refine(
        (t) => !t || /^https:\/\/[\w.-]+$/.test(t),
        'must be https://<team>.cloudflareaccess.com'
      ),
    ACCESS_AUD: z.string(),
    ACK_DAYS: z
      .string()
      .regex(/^([1-9]|[1-8]\d|90)$/, 'must be a number of days, 1 to 90')
      .optional(),
    PUBLIC_URL: z
      .string()
      .refine(
        (t) => !t || /^https?:\/\/[\w.:-]+(\/[\w./-]*)?$/.test(t),
        'must be the https address of the registry'
      )
      .optional(),
  })
  .refine((env) => !env.ACCESS_TEAM_DOMAIN === !env.ACCESS_AUD, {
    path: ['ACCESS_AUD'],
    message: 'ACCESS_TEAM_DOMAIN and ACCESS_AUD go together',
  })

const checked = new WeakMap<object, string[]>()

/** The names of misconfigured settings (empty when all is well); checked once per env object. */
export function configProblems(env: Env): string[] {
  const known = checked.get(env)
  if (known) return known
  const result = Config.safeParse(env)
  const names = result.success ? [] : result.error.issues.map((i) => String(i.path[0] ?? 'config'))
  // Access needs both its team domain and its audience, or neither.
  if (!env.ACCESS_TEAM_DOMAIN !== !env.ACCESS_AUD) names.push('ACCESS_AUD')
  const unique = [...new Set(names)]
  checked.set(env, unique)
  return unique
}

/** How long an acknowledgement ("being renewed") holds back reminders: ACK_DAYS, 15 by default. */
export const ackDays = (env: { ACK_DAYS?: string }) => Number(env.ACK_DAYS || 15)

/** Staging and production run at Cloudflare's edge: the strict rules for the outside world apply. */
export const atTheEdge = (env: { ENVIRONMENT: string }) =>
  env.ENVIRONMENT === 'staging' || env.ENVIRONMENT === 'production'
