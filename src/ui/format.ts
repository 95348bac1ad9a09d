import { fold } from '../lib/text'
import { vnDate, vnDateTime } from '../lib/time'
import type { Lang } from './i18n'

/** dd/mm/yyyy in Vietnam time, or an em dash. */
export const date = (iso: string | null | undefined) => (iso ? vnDate(new Date(iso)) : '—')

/** HH:mm dd/mm/yyyy in Vietnam time, or an em dash. */
export const dateTime = (iso: string | null | undefined) => (iso ? vnDateTime(new Date(iso)) : '—')

/** Vietnamese digit grouping (2.700), whatever the language. */
export const count = (n: number) => n.toLocaleString('vi-VN')

/** A certificate's status as the console shows it: an active one with 30 days or less left is "expiring". */
export const shownStatus = (status: string, daysLeft: number) =>
  status === 'active' && daysLeft <= 30 ? 'expiring' : status

/** A label that starts a heading or a button: its first letter upper-case ("nộp" → "Nộp"). */
export const capital = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1)

/** Words as a file name: without diacritics, lower case, hyphens ("Sở Nội vụ" → "so-noi-vu"). */
export const fileSlug = (text: string) =>
  fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')

/** A number of things: "3 thiết bị" (Vietnamese has no plural), "1 device", "3 devices". */
export const counted = (
  lang: Lang,
  n: number,
  [vi, one, many]: readonly [string, string, string]
) => `${count(n)} ${lang === 'vi' ? vi : n === 1 ? one : many}`

/**
 * A day as people type it — dd/mm/yyyy, or YYYY-MM-DD — as YYYY-MM-DD, whatever the browser's
 * locale. Other text comes back as it was, for the API to say what is wrong with it.
 */
export function typedDay(text?: string): string | undefined {
  if (!text) return undefined
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim())
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text.trim()
}

/** The start of a typed day in Vietnam, as the API's instants are written. */
export function typedDayStart(text?: string): string | undefined {
  const day = typedDay(text)
  return day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00+07:00` : day
}

/**
 * A moment typed in Vietnam — dd/mm/yyyy HH:mm, or dd/mm/yyyy for the start of that day — as the
 * API's instant (+07:00), whatever the browser's locale. Other text comes back as it was.
 */
export function typedMoment(text?: string): string | undefined {
  const m = /^(\S+)\s+(\d{1,2}):(\d{2})$/.exec(text?.trim() ?? '')
  if (!m) return typedDayStart(text)
  const day = typedDay(m[1])!
  return /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? `${day}T${m[2].padStart(2, '0')}:${m[3]}:00+07:00`
    : text!.trim()
}
