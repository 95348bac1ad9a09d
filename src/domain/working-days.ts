import { vnDayNumber, vnDayStart } from '../lib/time'

/** Day numbers (days since 1970-01-01) of Saturdays and Sundays: day 0 was a Thursday. */
const weekend = (day: number) => [2, 3].includes(((day % 7) + 7) % 7)

/**
 * The start (00:00 Vietnam time) of the Vietnam day `n` working days before `at`'s day: Monday to
 * Friday count, weekends do not. (Public holidays come with the working-day calendar.)
 */
export function workingDaysBefore(at: Date, n: number): Date {
  let day = vnDayNumber(at)
  for (let left = n; left > 0;) {
    day--
    if (!weekend(day)) left--
  }
  return vnDayStart(day)
}
