import type { WorkingCalendar } from './calendar'

/** The "expired" notice: sent on the day after notAfter, when days left is -1. */
export const EXPIRED = -1
/** The notice of a revocation (by the department or the CA's CRL): once per certificate. */
export const REVOKED = -2
/** Nghị định 68/2024 practice: ask for renewal before the last 60 days. */
export const DEFAULT_THRESHOLDS = [60, 30, 14, 7, 1] as const
/** How far back a scan that catches up after downtime still sends the "expired" notice. */
export const CATCH_UP_DAYS = 31

/** Parses thresholds written as "60,30,14,7,1" or a JSON array: whole days 1..365, largest first. */
export function parseThresholds(text: string | null | undefined): number[] | null {
  if (!text) return null
  let values: unknown
  try {
    values = text.trim().startsWith('[')
      ? JSON.parse(text)
      : text.split(',').map((v) => Number(v.trim()))
  } catch {
    return null
  }
  if (
    !Array.isArray(values) ||
    !values.length ||
    !values.every((v) => Number.isInteger(v) && v >= 1 && v <= 365)
  )
    return null
  return [...new Set(values as number[])].sort((a, b) => b - a)
}

/**
 * Which notice a certificate with `days` left is due, given the thresholds of its agency and the
 * thresholds it was already told about (or superseded). A reminder goes out on a working day: one
 * whose day falls on a weekend, Tết or another holiday goes out on the last working day before
 * it, so today's reminders cover the `ahead` days to the next working day (0 on an ordinary
 * weekday; see reminderHorizon). The "expired" notice waits for the day after expiry. The nearest
 * crossed threshold is sent; any larger one never sent (the scan was down, the certificate was
 * acknowledged meanwhile, or two thresholds fell on one working day) is superseded instead, so it
 * can never go out late. Nothing is due twice.
 */
export function dueNotices(
  days: number,
  thresholds: readonly number[],
  told: ReadonlySet<number>,
  ahead = 0
) {
  const crossed = [
    ...thresholds.filter((t) => days - ahead <= t),
    ...(days <= EXPIRED ? [EXPIRED] : []),
  ]
  if (!crossed.length || days < -CATCH_UP_DAYS) return { notify: null, supersede: [] as number[] }
  const nearest = Math.min(...crossed)
  return {
    notify: told.has(nearest) ? null : nearest,
    supersede: crossed.filter((t) => t !== nearest && !told.has(t)),
  }
}

/**
 * The last day today's reminders speak for: the day before the next working day. On a working day
 * followed by one, today itself; on a Friday, the Sunday; before Tết, its last day off.
 */
export const reminderHorizon = (calendar: WorkingCalendar, today: string) =>
  calendar.dayBefore(calendar.addWorkingDays(today, 1))

/** The working day a threshold's reminder goes out: `threshold` days before the last day, or the last working day before that. */
export const reminderDay = (calendar: WorkingCalendar, lastDay: string, threshold: number) =>
  calendar.onOrBefore(calendar.dayBefore(lastDay, threshold))

/** The largest threshold of any agency: the scan's look-ahead window. */
export const lookAhead = (thresholds: Iterable<readonly number[]>) =>
  Math.max(...[...thresholds].flat(), 0)
