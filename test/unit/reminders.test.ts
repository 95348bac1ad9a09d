import { describe, expect, it } from 'vitest'
import {
  composeDigest,
  composeEscalation,
  RENEWAL_LEAD_WORKING_DAYS,
  sendByDay,
} from '../../src/domain/digest'
import { WorkingCalendar } from '../../src/domain/calendar'
import {
  dueNotices,
  EXPIRED,
  parseThresholds,
  reminderDay,
  reminderHorizon,
} from '../../src/domain/reminders'

const T = [60, 30, 14, 7, 1]

describe('which notice is due', () => {
  it.each([
    [61, [], null, []],
    [60, [], 60, []],
    [45, [60], null, []],
    [30, [60], 30, []],
    [5, [60, 30], 7, [14]], // the scan was down across 14: 7 goes out, 14 never will
    [5, [], 7, [60, 30, 14]], // first run after the registry went live
    [0, [60, 30, 14, 7], 1, []], // the expiry day still counts as "1 day" due
    [-1, [60, 30, 14, 7, 1], EXPIRED, []],
    [-3, [60, 30, 14, 7], EXPIRED, [1]],
    [-40, [], null, []], // long expired before the registry knew: no late notices
    [7, [60, 30, 14, 7], null, []], // told already: nothing twice
  ])('%i days left, told %j: notify %s, supersede %j', (days, told, notify, supersede) => {
    expect(dueNotices(days, T, new Set(told))).toEqual({ notify, supersede })
  })

  it('goes out on working days: a reminder due on a weekend or over Tết goes out on the working day before', () => {
    const cal = new WorkingCalendar()
    // An ordinary Monday speaks for itself; a Friday for the weekend; Friday 13/2/2026 for Tết
    // (16–20/2) and both weekends around it.
    expect(reminderHorizon(cal, '2026-11-30')).toBe('2026-11-30')
    expect(reminderHorizon(cal, '2026-12-04')).toBe('2026-12-06')
    expect(reminderHorizon(cal, '2026-02-13')).toBe('2026-02-22')
    // A Saturday (nothing new: Friday spoke for it) and the day before a swapped working Saturday.
    expect(reminderHorizon(cal, '2026-12-05')).toBe('2026-12-06')
    const swapped = new WorkingCalendar([{ day: '2026-12-05', kind: 'work', name: 'Làm bù' }])
    expect(reminderHorizon(swapped, '2026-12-04')).toBe('2026-12-04')
    // The day each reminder is due: 14 days before 1/3/2026 is Sunday 15/2, in Tết: Friday 13/2.
    expect(reminderDay(cal, '2026-03-01', 14)).toBe('2026-02-13')
    expect(reminderDay(cal, '2026-12-10', 7)).toBe('2026-12-03')
    expect(reminderDay(swapped, '2026-12-12', 7)).toBe('2026-12-05')
    // On Friday 13/2 (9 days ahead), a certificate ending 1/3 has crossed 14 and 7 at once: one
    // reminder, the nearest; 14 is recorded as superseded, never sent late.
    expect(dueNotices(16, T, new Set([60, 30]), 9)).toEqual({ notify: 7, supersede: [14] })
    // Ending Saturday 2/1/2027 is 1 day away on Thursday 31/12 (1/1 is a holiday): "1" goes out,
    // and "expired" still waits for the day after the last.
    expect(dueNotices(2, T, new Set([60, 30, 14, 7]), 3)).toEqual({ notify: 1, supersede: [] })
    expect(dueNotices(0, T, new Set([60, 30, 14, 7, 1]), 2)).toEqual({
      notify: null,
      supersede: [],
    })
  })

  it('reads thresholds from configuration, largest first, and refuses nonsense', () => {
    expect(parseThresholds('60,30,14,7,1')).toEqual([60, 30, 14, 7, 1])
    expect(parseThresholds('[7, 90, 30]')).toEqual([90, 30, 7])
    expect(parseThresholds('0,30')).toBeNull()
    expect(parseThresholds('abc')).toBeNull()
    expect(parseThresholds('')).toBeNull()
  })
})

describe('the digest an agency reads', () => {
  const digest = composeDigest({
    digestId: 'dig_1',
    runDate: '2026-12-01',
    agency: { id: 'agc_1', code: 'SYT', name: 'Sở Y tế' },
    consoleUrl: 'https://chungthuso.example.gov.vn',
    ackDays: 15,
    items: [
      {
        noticeId: 'n1',
        certificateId: 'c1',
        threshold: 7,
        serial: '5401AB',
        kind: 'personal',
        holderName: 'Nguyễn Văn An',
        deviceSerial: 'VGCA-TK-1',
        notAfter: '2026-12-07T16:30:00.000Z',
        daysLeft: 6,
      },
      {
        noticeId: 'n2',
        certificateId: 'c2',
        threshold: EXPIRED,
        serial: '5402CD',
        kind: 'organisation',
        holderName: 'Sở Y tế',
        deviceSerial: null,
        notAfter: '2026-11-29T00:00:00.000Z',
        daysLeft: -2,
      },
      {
        noticeId: 'n3',
        certificateId: 'c3',
        threshold: 60,
        serial: '5403EF',
        kind: 'device_service',
        holderName: 'Hệ thống một cửa điện tử',
        deviceSerial: null,
        notAfter: '2027-01-30T16:59:59.000Z',
        daysLeft: 60,
        sendBy: sendByDay(new WorkingCalendar(), '2027-01-30T16:59:59.000Z', '2026-12-01'),
      },
    ],
  })
  it('says who, which certificate, when and what to do by the days left, in Vietnamese and English', () => {
    expect(digest.subject).toBe(
      '[Chứng thư số] Sở Y tế: 3 chứng thư số sắp hết hạn hoặc đã hết hạn (01/12/2026)'
    )
    // Expired: no renewal any more, a new issue.
    expect(digest.text).toContain(
      '- Sở Y tế — Tổ chức, số hiệu 5402CD: ĐÃ HẾT HẠN ngày 29/11/2026: không gia hạn được nữa, cần đề nghị cấp mới.'
    )
    // Within the last 60 days: urgent.
    expect(digest.text).toContain(
      '- Nguyễn Văn An — Cá nhân, số hiệu 5401AB, thiết bị VGCA-TK-1: hết hạn 07/12/2026 (còn 6 ngày): KHẨN, gửi đề nghị gia hạn ngay.'
    )
    // With 40 working days still ahead: the day to send the request by (1/1/2027 not counted).
    expect(digest.text).toContain(
      '- Hệ thống một cửa điện tử — Thiết bị, dịch vụ, số hiệu 5403EF: hết hạn 30/01/2027 (còn 60 ngày): gửi đề nghị gia hạn chậm nhất ngày 04/12/2026.'
    )
    expect(digest.text).toContain('https://chungthuso.example.gov.vn/console/certificates/c1')
    expect(digest.text).toContain('cơ quan, tổ chức quản lý trực tiếp')
    expect(digest.text).toContain('dịch vụ công trực tuyến')
    expect(digest.text).toContain('tạm dừng 15 ngày, riêng thông báo hết hạn vẫn gửi')
    expect(digest.text).toContain('--- English ---')
    expect(digest.text).toContain('expires 07/12/2026 (6 days left): URGENT')
    expect(digest.payload.notices.map((n) => n.threshold)).toEqual(['expired', 7, 60])
    expect(digest.payload.notices[1].url).toBe(
      'https://chungthuso.example.gov.vn/console/certificates/c1'
    )
    // Where to file the renewal request, the certificate filled in; none for an expired one.
    expect(digest.text).toContain(
      'Lập yêu cầu gia hạn: https://chungthuso.example.gov.vn/console/requests/new?kind=renewal&serial=5401AB'
    )
    expect(digest.payload.notices.map((n) => n.renewalRequestUrl)).toEqual([
      null,
      'https://chungthuso.example.gov.vn/console/requests/new?kind=renewal&serial=5401AB',
      'https://chungthuso.example.gov.vn/console/requests/new?kind=renewal&serial=5403EF',
    ])
  })
  it('lists the agencies that did not acknowledge, for the department', () => {
    const e = composeEscalation('dig_2', '2026-12-01', [
      { agency: { id: 'a', code: 'SYT', name: 'Sở Y tế' }, count: 2, soonest: -2 },
    ])
    expect(e.text).toContain('- Sở Y tế (SYT): 2 chứng thư số, sớm nhất đã hết hạn')
  })
})

describe('delivery backoff', () => {
  it('doubles from 30 s up to an hour', async () => {
    const { backoffSeconds } = await import('../../src/jobs/deliver')
    expect([1, 2, 3, 4, 8, 20].map(backoffSeconds)).toEqual([30, 60, 120, 240, 3600, 3600])
  })
})

describe('the day to send the renewal request by', () => {
  const calendar = new WorkingCalendar()
  const weekdaysBetween = (from: string, to: string) => {
    let n = 0
    for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) < to;) {
      d = new Date(d.getTime() + 86_400_000)
      if (d.getUTCDay() % 6 !== 0) n++
    }
    return n
  }

  it('counts working days back from the last day, Tết not counted', () => {
    // Expires 20/03/2027 (VN): the 40 working days before it span Tết Đinh Mùi (06/02/2027).
    const by = sendByDay(calendar, '2027-03-20T16:59:59.000Z', '2027-01-01')!
    expect(calendar.isWorkingDay(by)).toBe(true)
    // That day and the working days after it, up to the last day: 40.
    expect(1 + calendar.workingDaysBetween(by, '2027-03-20')).toBe(RENEWAL_LEAD_WORKING_DAYS)
    // More weekdays than working days lie between: the Tết days off.
    expect(
      weekdaysBetween(by, '2027-03-20') - calendar.workingDaysBetween(by, '2027-03-20')
    ).toBeGreaterThanOrEqual(4)
  })

  it('is none once that day has passed (then the digest says: urgently)', () => {
    expect(sendByDay(calendar, '2027-01-30T16:59:59.000Z', '2026-12-05')).toBeNull()
    expect(sendByDay(calendar, '2027-01-30T16:59:59.000Z', '2026-12-04')).toBe('2026-12-04')
  })

  it('follows the department’s entries: a Saturday worked in exchange counts', () => {
    const swapped = new WorkingCalendar([{ day: '2026-12-05', kind: 'work', name: 'Làm bù' }])
    expect(sendByDay(swapped, '2027-01-30T16:59:59.000Z', '2026-12-01')).toBe('2026-12-05')
  })
})
