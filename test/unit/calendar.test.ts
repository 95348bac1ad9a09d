import { describe, expect, it } from 'vitest'
import { statutoryHolidays, WorkingCalendar } from '../../src/domain/calendar'
import { lunarToSolar } from '../../src/domain/lunar'

describe('the lunar calendar, at Vietnam time', () => {
  it('puts Tết Nguyên Đán and Giỗ Tổ Hùng Vương on their known days, 2020–2031', () => {
    const known: [number, string, string][] = [
      [2020, '2020-01-25', '2020-04-02'],
      [2021, '2021-02-12', '2021-04-21'],
      [2022, '2022-02-01', '2022-04-10'],
      [2023, '2023-01-22', '2023-04-29'],
      [2024, '2024-02-10', '2024-04-18'],
      [2025, '2025-01-29', '2025-04-07'],
      [2026, '2026-02-17', '2026-04-26'],
      [2027, '2027-02-06', '2027-04-16'],
      [2028, '2028-01-26', '2028-04-04'],
      [2029, '2029-02-13', '2029-04-23'],
      // Vietnam's Tết 2030 falls a day before China's: the new moon is at 23:07 in Hà Nội.
      [2030, '2030-02-02', '2030-04-12'],
      [2031, '2031-01-23', '2031-04-01'],
    ]
    for (const [year, tet, hung] of known) {
      expect(lunarToSolar(1, 1, year), `Tết ${year}`).toBe(tet)
      expect(lunarToSolar(10, 3, year), `Giỗ Tổ ${year}`).toBe(hung)
    }
    // 2023 had a leap second month (tháng 2 nhuận): 1/2 nhuận was 2023-03-22.
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22')
    expect(() => lunarToSolar(1, 5, 2023, true)).toThrow(/not a leap month/)
  })
})

describe('the working-day calendar', () => {
  it('has the Labor Code’s holidays, with a weekday off for one on a weekend', () => {
    const days = (y: number) => statutoryHolidays(y).map((h) => h.day)
    // 2026: Tết 16–20/2 (the last day of the year, mùng 1–4), Giỗ Tổ on a Sunday: Monday off.
    expect(days(2026)).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-02-16',
        '2026-02-17',
        '2026-02-20',
        '2026-04-26',
        '2026-04-27',
        '2026-04-30',
        '2026-05-01',
        '2026-09-02',
      ])
    )
    expect(statutoryHolidays(2026).find((h) => h.day === '2026-04-27')!.name).toBe(
      'Nghỉ bù Giỗ Tổ Hùng Vương'
    )
    const cal = new WorkingCalendar()
    expect(cal.isWorkingDay('2026-02-16')).toBe(false)
    expect(cal.isWorkingDay('2026-02-23')).toBe(true)
    expect(cal.isWorkingDay('2026-11-28')).toBe(false) // a Saturday
  })

  it('counts a 3-working-day deadline across Tết, and follows the notice’s swaps', () => {
    const cal = new WorkingCalendar()
    // Sent on Friday 13/2/2026: Tết takes the next week; due Wednesday 25/2.
    expect(cal.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25')
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-25')).toBe(3)
    // The government's notice swaps: Saturday 14/2 worked, Monday 23/2 off.
    const swapped = new WorkingCalendar([
      { day: '2026-02-14', kind: 'work', name: 'Làm bù' },
      { day: '2026-02-23', kind: 'off', name: 'Nghỉ bù (hoán đổi)' },
    ])
    expect(swapped.isWorkingDay('2026-02-14')).toBe(true)
    expect(swapped.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25')
    expect(swapped.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14')
    expect(swapped.subtractWorkingDays('2026-02-25', 3)).toBe('2026-02-13')
    // A plain week: Monday to Thursday.
    expect(cal.addWorkingDays('2026-11-30', 3)).toBe('2026-12-03')
  })
})
