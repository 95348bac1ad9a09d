import { invalidField } from './problem'

/** Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact. */
export const VN_OFFSET_MS = 7 * 3600_000
export const DAY_MS = 86_400_000

/** The Vietnam calendar day of an instant, as a day number since 1970-01-01 (VN). */
export function vnDayNumber(at: Date): number {
  return Math.floor((at.getTime() + VN_OFFSET_MS) / DAY_MS)
}

/** The instant (UTC) at which Vietnam calendar day `day` starts. */
export function vnDayStart(day: number): Date {
  return new Date(day * DAY_MS - VN_OFFSET_MS)
}

/** The ISO-8601 UTC text of an instant, the form every time is stored in. */
export const iso = (at: Date) => at.toISOString()

/** `dd/mm/yyyy` in Vietnam time, the way dates are written in Vietnamese documents. */
export function vnDate(at: Date): string {
  const d = new Date(at.getTime() + VN_OFFSET_MS)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`
}

/** `HH:mm dd/mm/yyyy` in Vietnam time: a moment, as a receipt writes it. */
export function vnDateTime(at: Date): string {
  const d = new Date(at.getTime() + VN_OFFSET_MS)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ${vnDate(at)}`
}

/** Adds calendar years in UTC (29 Feb + 1 year = 1 Mar), for validity limits. */
export function addYears(at: Date, years: number): Date {
  const d = new Date(at.getTime())
  d.setUTCFullYear(d.getUTCFullYear() + years)
  return d
}

/** Clocks differ a little between the department's machines and Cloudflare's. */
const CLOCK_SKEW_MS = 5 * 60_000

/**
 * The time of a recorded event (hand-over, return, revocation): the one given, or now. Events
 * are recorded after they happen, so a time in the future is refused (422 naming the field).
 */
export function eventTime(given: string | undefined, now: Date, field: string): string {
  if (given === undefined) return now.toISOString()
  if (Date.parse(given) > now.getTime() + CLOCK_SKEW_MS) throw invalidField(field, 'future-time')
  return given
}

/**
 * The first and last second of a Vietnam calendar day written YYYY-MM-DD: a date without a time
 * means its start for a beginning (notBefore) and its end, 23:59:59 +07:00, for an end (notAfter),
 * so "valid until 31/12/2026" holds all through the 31st. Null when the day does not exist.
 */
export function vnDayBounds(ymd: string): { start: string; end: string } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const utc = Date.UTC(y, mo - 1, d)
  const back = new Date(utc)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return null
  const start = utc - VN_OFFSET_MS
  return {
    start: new Date(start).toISOString(),
    end: new Date(start + DAY_MS - 1000).toISOString(),
  }
}

/** The last second (23:59:59) of the Vietnam calendar day of an instant. */
export const vnDayEnd = (at: Date) => new Date(vnDayStart(vnDayNumber(at) + 1).getTime() - 1000)

/** The Vietnam calendar date (YYYY-MM-DD) of an instant. */
export const vnYmd = (at: Date) => new Date(vnDayNumber(at) * DAY_MS).toISOString().slice(0, 10)
