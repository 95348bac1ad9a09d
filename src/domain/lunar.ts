/**
 * The Vietnamese lunisolar calendar (âm lịch), for the holidays that follow it: Tết Nguyên Đán
 * (1/1) and Giỗ Tổ Hùng Vương (10/3). Astronomical, at Vietnam time (UTC+7), after the
 * well-known algorithm of Hồ Ngọc Đức (new moons by Meeus's series, the winter solstice month as
 * month 11, the leap month the first without a major solar term). Pure; valid 1900–2199.
 */
const TZ = 7

const INT = Math.floor

/** The Julian day number of a Gregorian date. */
export function julianDay(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12)
  const y = yy + 4800 - a
  const m = mm + 12 * a - 3
  return dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045
}

/** The Gregorian date [day, month, year] of a Julian day number. */
export function fromJulianDay(jd: number): [number, number, number] {
  const a = jd + 32044
  const b = INT((4 * a + 3) / 146097)
  const c = a - INT((b * 146097) / 4)
  const d = INT((4 * c + 3) / 1461)
  const e = c - INT((1461 * d) / 4)
  const m = INT((5 * e + 2) / 153)
  return [e - INT((153 * m + 2) / 5) + 1, m + 3 - 12 * INT(m / 10), b * 100 + d - 4800 + INT(m / 10)]
}

/** The Julian day of the k-th new moon after 1900-01-01 (Meeus, chapter 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85
  const T2 = T * T
  const T3 = T2 * T
  const dr = Math.PI / 180
  let Jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3
  Jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr)
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M)
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr)
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr)
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr))
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M))
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr))
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M))
  const deltat =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2
  return Jd1 + C1 - deltat
}

/** The day (Julian day number, Vietnam time) of the k-th new moon. */
const newMoonDay = (k: number) => INT(newMoon(k) + 0.5 + TZ / 24)

/** The sun's longitude at the start of a day, as one of twelve 30° sectors (0 = spring equinox). */
function sunSector(dayNumber: number): number {
  const T = (dayNumber - 2451545.5 - TZ / 24) / 36525
  const T2 = T * T
  const dr = Math.PI / 180
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M)
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M)
  let L = (L0 + DL) * dr
  L = L - Math.PI * 2 * INT(L / (Math.PI * 2))
  return INT((L / Math.PI) * 6)
}

/** The first day of the lunar month that holds the winter solstice of Gregorian year `yy`. */
function month11(yy: number): number {
  const off = julianDay(31, 12, yy) - 2415021
  const k = INT(off / 29.530588853)
  const nm = newMoonDay(k)
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm
}

/** Which month after month 11 is the leap one (the first without a major solar term). */
function leapMonthOffset(a11: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5)
  let last = 0
  let i = 1
  let arc = sunSector(newMoonDay(k + i))
  do {
    last = arc
    i++
    arc = sunSector(newMoonDay(k + i))
  } while (arc !== last && i < 14)
  return i - 1
}

/**
 * The Gregorian date ("YYYY-MM-DD") of a lunar date: day `day` of month `month` of lunar year
 * `year` (the lunar year that starts in Gregorian `year`), `leap` for the leap month.
 */
export function lunarToSolar(day: number, month: number, year: number, leap = false): string {
  let a11: number
  let b11: number
  if (month < 11) {
    a11 = month11(year - 1)
    b11 = month11(year)
  } else {
    a11 = month11(year)
    b11 = month11(year + 1)
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853)
  let off = month - 11
  if (off < 0) off += 12
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11)
    let leapMonth = leapOff - 2
    if (leapMonth < 0) leapMonth += 12
    if (leap && month !== leapMonth) throw new Error(`${month}/${year} is not a leap month`)
    if (leap || off >= leapOff) off += 1
  } else if (leap) throw new Error(`${year} has no leap month`)
  const [d, m, y] = fromJulianDay(newMoonDay(k + off) + day - 1)
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
