import { lunarToSolar } from './lunar'

/**
 * Vietnam's working-day calendar: Monday to Friday, less the public holidays of the Labor Code
 * (Bộ luật Lao động 2019, Điều 112) — Tết Dương lịch 1/1; Tết Nguyên Đán, five days (the last day
 * of the lunar year and the first four of the new one, as the yearly notice usually sets them);
 * Giỗ Tổ Hùng Vương 10/3 lunar; 30/4 and 1/5; Quốc khánh 2/9 with one adjoining day — with the
 * next working day off for a holiday that falls on a weekend, and the days each year's government
 * notice adds or swaps, which the department enters (a day off, or a weekend day worked). Pure.
 */
export interface CalendarEntry {
  /** YYYY-MM-DD, a Vietnam calendar day. */
  day: string
  /** off: not a working day; work: a working day (a weekend day swapped to work). */
  kind: 'off' | 'work'
  name: string
}

export interface Holiday {
  day: string
  name: string
}

const ymd = (d: Date) => d.toISOString().slice(0, 10)
const at = (day: string) => new Date(`${day}T00:00:00Z`)
const plus = (day: string, n: number) => ymd(new Date(at(day).getTime() + n * 86_400_000))
const weekday = (day: string) => at(day).getUTCDay() // 0 Sunday … 6 Saturday
const isWeekend = (day: string) => [0, 6].includes(weekday(day))

/** The adjoining day of Quốc khánh when no notice says: the one that joins 2/9 to a weekend. */
const nationalDayPair = (year: number) =>
  [2, 5, 6].includes(weekday(`${year}-09-02`)) ? `${year}-09-01` : `${year}-09-03`

/** The statutory holidays of a Gregorian year, with the substitute days for those on a weekend. */
export function statutoryHolidays(year: number): Holiday[] {
  const tet = lunarToSolar(1, 1, year)
  const days: Holiday[] = [
    { day: `${year}-01-01`, name: 'Tết Dương lịch' },
    { day: plus(tet, -1), name: 'Tết Nguyên Đán (cuối năm)' },
    ...[0, 1, 2, 3].map((i) => ({ day: plus(tet, i), name: `Tết Nguyên Đán (mùng ${i + 1})` })),
    { day: lunarToSolar(10, 3, year), name: 'Giỗ Tổ Hùng Vương' },
    { day: `${year}-04-30`, name: 'Ngày Chiến thắng (30/4)' },
    { day: `${year}-05-01`, name: 'Ngày Quốc tế Lao động (1/5)' },
    { day: `${year}-09-02`, name: 'Quốc khánh' },
    { day: nationalDayPair(year), name: 'Quốc khánh (ngày liền kề)' },
  ]
  const taken = new Set(days.map((d) => d.day))
  const substitutes: Holiday[] = []
  for (const d of days.filter((h) => isWeekend(h.day))) {
    let next = plus(d.day, 1)
    while (isWeekend(next) || taken.has(next)) next = plus(next, 1)
    taken.add(next)
    substitutes.push({ day: next, name: `Nghỉ bù ${d.name}` })
  }
  return [...days, ...substitutes].sort((a, b) => a.day.localeCompare(b.day))
}

/** A calendar: the statutory holidays of each year asked about, and the department's entries. */
export class WorkingCalendar {
  private years = new Map<number, Set<string>>()
  private entries: Map<string, CalendarEntry>

  constructor(entries: CalendarEntry[] = []) {
    this.entries = new Map(entries.map((e) => [e.day, e]))
  }

  private holidays(year: number) {
    let set = this.years.get(year)
    if (!set) this.years.set(year, (set = new Set(statutoryHolidays(year).map((h) => h.day))))
    return set
  }

  /** Whether a Vietnam calendar day (YYYY-MM-DD) is a working day. */
  isWorkingDay(day: string): boolean {
    const entry = this.entries.get(day)
    if (entry) return entry.kind === 'work'
    return !isWeekend(day) && !this.holidays(Number(day.slice(0, 4))).has(day)
  }

  /** The n-th working day after `day` (the day itself not counted). */
  addWorkingDays(day: string, n: number): string {
    let d = day
    for (let left = n; left > 0;) {
      d = plus(d, 1)
      if (this.isWorkingDay(d)) left--
    }
    return d
  }

  /** The day `n` calendar days before `day`. */
  dayBefore(day: string, n = 1): string {
    return plus(day, -n)
  }

  /** `day` itself when it is a working day, else the last working day before it. */
  onOrBefore(day: string): string {
    return this.isWorkingDay(day) ? day : this.subtractWorkingDays(day, 1)
  }

  /** The n-th working day before `day`. */
  subtractWorkingDays(day: string, n: number): string {
    let d = day
    for (let left = n; left > 0;) {
      d = plus(d, -1)
      if (this.isWorkingDay(d)) left--
    }
    return d
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: string, to: string): number {
    let n = 0
    for (let d = plus(from, 1); d <= to; d = plus(d, 1)) if (this.isWorkingDay(d)) n++
    return n
  }
}
