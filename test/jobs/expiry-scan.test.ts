import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { calendarEntries } from '../../src/db/requests'
import { WorkingCalendar } from '../../src/domain/calendar'
import { runExpiryScan } from '../../src/jobs/expiry-scan'
import { DAY_MS, vnYmd } from '../../src/lib/time'
import { api, call, count, expectProblem } from '../helpers/api'
import { addDays, morning, plantCertificate } from '../helpers/clock'
import { given } from '../helpers/given'

const scan = (at: Date) => runExpiryScan(env, at)
const dayBefore = (ymd: string, n: number) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10)
// Delivery is tested on its own: here the queue only records what the scan puts on it.
beforeEach(() => void vi.spyOn(env.NOTICES, 'sendBatch').mockResolvedValue(undefined as any))
const noticesOf = async (certificateId: string) =>
  (
    await env.DB.prepare(
      'SELECT threshold, state, due_date FROM notices WHERE certificate_id = ?1 ORDER BY threshold DESC'
    )
      .bind(certificateId)
      .all<{ threshold: number; state: string; due_date: string }>()
  ).results

async function person(name = 'Nguyễn Văn An') {
  const agency = await given.agency()
  const holder = await given.holder(agency.id, { fullName: name })
  return { agency, holder: { id: holder.id, agencyId: agency.id, fullName: name } }
}

// Storage is shared by the tests of a file: each test lives in its own year, far enough from the
// others that their certificates are outside its window.
describe('the daily expiry scan', () => {
  it('over a simulated year sends each threshold exactly once per certificate, one digest per agency per day', async () => {
    const start = morning('2027-01-01')
    const agencies = await Promise.all([1, 2, 3].map(() => person()))
    // The year's notice (as the department enters it): Saturday 8/5 worked, Monday 10/5 off.
    for (const entry of [
      { day: '2027-05-08', kind: 'work', name: 'Làm bù', source: 'Thông báo (thử)' },
      { day: '2027-05-10', kind: 'off', name: 'Nghỉ hoán đổi', source: 'Thông báo (thử)' },
    ])
      expect((await api.post('/api/v1/holidays', entry)).status).toBe(201)
    const certs = []
    for (let i = 0; i < 60; i++) {
      const { holder } = agencies[i % 3]
      // notAfter between day 70 and day 300 of the year, at various hours (VN days count).
      certs.push(
        await plantCertificate(
          holder,
          new Date(start.getTime() + (70 + i * 4) * 86_400_000 + (i % 24) * 3600_000)
        )
      )
    }
    // Ending 15/5: "7" falls on the worked Saturday; ending 24/5: "14" falls on the Monday off,
    // and goes out on that Saturday too.
    const swapped = [
      await plantCertificate(agencies[1].holder, morning('2027-05-15')),
      await plantCertificate(agencies[2].holder, morning('2027-05-24')),
    ]
    certs.push(...swapped)
    const revoked = await plantCertificate(agencies[0].holder, addDays(start, 100), {
      revokedAt: '2026-12-01T00:00:00.000Z',
      reasonCode: 5,
    })
    let digests = 0
    for (let day = 0; day < 365; day++) digests += (await scan(addDays(start, day))).digests
    // Each threshold once per certificate: sent, or (two falling on one working day) superseded.
    for (const threshold of [60, 30, 14, 7, 1, -1])
      expect(await count('notices', 'threshold = ?1', threshold), `threshold ${threshold}`).toBe(62)
    const calendar = new WorkingCalendar(await calendarEntries(env.DB))
    const { results: sent } = await env.DB.prepare(
      `SELECT n.threshold, n.state, n.due_date, n.created_at, c.not_after, c.id
         FROM notices n JOIN certificates c ON c.id = n.certificate_id
        WHERE c.id IN (SELECT value FROM json_each(?1)) AND n.threshold > 0`
    )
      .bind(JSON.stringify(certs.map((c) => c.id)))
      .all<{
        threshold: number
        state: string
        due_date: string
        created_at: string
        not_after: string
        id: string
      }>()
    let moved = 0
    for (const n of sent) {
      const exact = dayBefore(vnYmd(new Date(n.not_after)), n.threshold)
      const said = `${n.id} ${n.threshold}: ${n.due_date}`
      // Sent on its due day, a working day, never after the threshold's day and no earlier than
      // the working day before it.
      expect(vnYmd(new Date(n.created_at)), said).toBe(n.due_date)
      expect(calendar.isWorkingDay(n.due_date), said).toBe(true)
      expect(n.due_date <= exact, said).toBe(true)
      for (let d = exact; d > n.due_date; d = dayBefore(d, 1))
        expect(calendar.isWorkingDay(d), `${said}, ${d}`).toBe(false)
      if (n.due_date !== exact) moved++
      // Superseded only when a nearer threshold went out the same day.
      if (n.state === 'superseded')
        expect(
          sent.some((m) => m.id === n.id && m.threshold < n.threshold && m.due_date === n.due_date),
          said
        ).toBe(true)
    }
    expect(moved).toBeGreaterThan(50) // weekends, Tết, 30/4–1/5, 2/9
    expect(
      sent
        .filter((n) => swapped.some((c) => c.id === n.id) && n.threshold >= 7)
        .map((n) => `${n.threshold}@${n.due_date}`)
        .sort()
    ).toEqual(expect.arrayContaining(['14@2027-05-08', '7@2027-05-08']))
    expect(await noticesOf(revoked.id)).toEqual([])
    // Every notice went into a digest, one per agency per day at most.
    expect(await count('notices', 'digest_id IS NULL')).toBe(0)
    expect(digests).toBe(await count('digests', "kind = 'agency'"))
    const perDay = await env.DB.prepare(
      "SELECT agency_id, run_date, count(*) AS n FROM digests WHERE kind = 'agency' GROUP BY 1, 2 HAVING n > 1"
    ).all()
    expect(perDay.results).toEqual([])
    // Due dates are the Vietnam days the thresholds were reached.
    const first = await noticesOf(certs[0].id)
    expect(first.map((n) => n.threshold)).toEqual([60, 30, 14, 7, 1, -1])
    expect(first.at(-1)!.due_date).toBe(dayBefore(vnYmd(new Date(certs[0].notAfter)), -1))
  })

  it('run twice the same day creates nothing the second time', async () => {
    const { holder } = await person()
    const today = morning('2029-03-01')
    await plantCertificate(holder, addDays(today, 20))
    const first = await scan(today)
    const notices = await count('notices')
    const again = await scan(addDays(today, 0.2))
    expect(first.notices).toBe(1)
    expect(again).toMatchObject({ notices: 0, digests: 0 })
    expect(await count('notices')).toBe(notices)
    expect(await count('digests', "kind = 'agency' AND run_date = '2029-03-01'")).toBe(1)
  })

  it('catching up after ten days down sends the nearest threshold and supersedes the skipped one', async () => {
    const { holder } = await person()
    const day0 = morning('2030-05-01')
    const cert = await plantCertificate(holder, addDays(day0, 25.5)) // 20:00 VN, 26/05
    await scan(day0) // 25 days left: "30" goes out (60 passed before the registry knew it)
    await scan(addDays(day0, 20)) // down for days 1-19; now 5 days left: 14 was skipped
    expect(await noticesOf(cert.id)).toEqual([
      { threshold: 60, state: 'superseded', due_date: '2030-03-27' },
      { threshold: 30, state: 'pending', due_date: '2030-04-26' },
      // 12/05 and 19/05 are Sundays: those reminders are due on the Fridays before.
      { threshold: 14, state: 'superseded', due_date: '2030-05-10' },
      { threshold: 7, state: 'pending', due_date: '2030-05-17' },
    ])
  })

  it('stops for a renewed certificate, and for an acknowledged one until the acknowledgement lapses or is withdrawn', async () => {
    const { holder } = await person()
    const day0 = morning('2031-07-01')
    const renewed = await plantCertificate(holder, addDays(day0, 40))
    const acked = await plantCertificate(holder, addDays(day0, 40))
    await scan(day0)
    await env.DB.prepare('UPDATE certificates SET replaced_by_id = ?2 WHERE id = ?1')
      .bind(renewed.id, acked.id)
      .run()
    // The acknowledgement is given on day 0 (the test's clock), and holds ACK_DAYS (15) days.
    const ack = async (day: number, noticeId: string) => {
      vi.useFakeTimers({ now: addDays(day0, day), toFake: ['Date'] })
      try {
        return await api.post(`/api/v1/notices/${noticeId}/ack`, {
          note: 'Đang làm thủ tục gia hạn',
        })
      } finally {
        vi.useRealTimers()
      }
    }
    const notice = (await api.get(`/api/v1/notices?certificateId=${acked.id}`)).body.items[0]
    expect((await ack(0, notice.id)).body.acknowledged).toMatchObject({
      by: 'local-admin',
      note: 'Đang làm thủ tục gia hạn',
      until: addDays(day0, 15).toISOString(),
    })
    for (let day = 1; day <= 14; day++) await scan(addDays(day0, day))
    expect((await noticesOf(renewed.id)).map((n) => n.threshold)).toEqual([60])
    expect((await noticesOf(acked.id)).map((n) => n.threshold)).toEqual([60])
    // Day 15: it lapsed; 25 days left, the nearest threshold (30) goes out, nothing missed is late.
    await scan(addDays(day0, 15))
    expect((await noticesOf(acked.id)).map((n) => `${n.threshold}:${n.state}`)).toEqual([
      '60:pending',
      '30:pending',
    ])
    // Acknowledged again (a lapsed acknowledgement is replaced), then withdrawn.
    expect((await ack(16, notice.id)).status).toBe(200)
    expectProblem(await ack(17, notice.id), 409, 'already-acknowledged')
    const unacked = await call('DELETE', `/api/v1/notices/${notice.id}/ack`)
    expect(unacked.body.acknowledged).toBeNull()
    await scan(addDays(day0, 30)) // Thursday, 10 days left: 14 is due
    expect((await noticesOf(acked.id)).map((n) => `${n.threshold}:${n.state}`)).toEqual([
      '60:pending',
      '30:pending',
      '14:pending',
    ])
    // Acknowledged while 5 days are left: the "expired" notice still goes out.
    expect((await ack(35, notice.id)).status).toBe(200)
    await scan(addDays(day0, 36))
    await scan(addDays(day0, 41))
    expect((await noticesOf(acked.id)).map((n) => `${n.threshold}:${n.state}`)).toEqual([
      '60:pending',
      '30:pending',
      '14:pending',
      '7:superseded',
      '1:superseded',
      '-1:pending',
    ])
    expect(
      (await api.get(`/api/v1/audit?entityId=${acked.id}`)).body.items.map((e: any) => e.action)
    ).toEqual(['notice.ack', 'notice.unack', 'notice.ack', 'notice.ack']) // newest first
  })

  it('pauses while a renewal request for the certificate is under way, linked from its notices, and resumes when it is cancelled', async () => {
    const { agency, holder } = await person('Lê Thị Gia Hạn')
    const day0 = morning('2028-09-01')
    const cert = await plantCertificate(holder, addDays(day0, 40))
    await scan(day0) // 40 days left: "60" goes out
    const request = (
      await api.post('/api/v1/requests', {
        kind: 'renewal',
        agencyId: agency.id,
        items: [{ certificateId: cert.id }],
      })
    ).body
    // A draft is not yet the agency's request: reminders go on.
    expect((await api.get(`/api/v1/notices?certificateId=${cert.id}`)).body.items[0]).toMatchObject(
      {
        renewalRequest: { id: request.id, state: 'draft' },
      }
    )
    await scan(addDays(day0, 12)) // 28 days left: "30" goes out
    expect((await noticesOf(cert.id)).map((n) => n.threshold)).toEqual([60, 30])
    expect((await call('POST', `/api/v1/requests/${request.id}/file`, {})).status).toBe(200)
    for (let day = 13; day <= 34; day++) await scan(addDays(day0, day))
    expect((await noticesOf(cert.id)).map((n) => n.threshold)).toEqual([60, 30])
    const notices = (await api.get(`/api/v1/notices?certificateId=${cert.id}`)).body.items
    expect(notices.map((n: any) => n.renewalRequest)).toEqual([
      { id: request.id, state: 'filed' },
      { id: request.id, state: 'filed' },
    ])
    // Cancelled: 5 days left, the nearest threshold goes out; the skipped ones are not late.
    expect(
      (await call('POST', `/api/v1/requests/${request.id}/cancel`, { note: 'Nộp nhầm' })).status
    ).toBe(200)
    await scan(addDays(day0, 35))
    expect((await noticesOf(cert.id)).map((n) => `${n.threshold}:${n.state}`)).toEqual([
      '60:pending',
      '30:pending',
      '14:superseded',
      '7:pending',
    ])
    expect(
      (await api.get(`/api/v1/notices?certificateId=${cert.id}`)).body.items[0].renewalRequest
    ).toBeNull()
  })

  it('counts days in Vietnam time: 23:30 on the 31st is 1 day left on the 30th', async () => {
    const { holder } = await person()
    const cert = await plantCertificate(holder, new Date('2033-03-31T16:30:00.000Z')) // 23:30, Thursday 31/03 VN
    await scan(morning('2033-03-29')) // 2 days left: "7" goes out
    await scan(morning('2033-03-30')) // 08:00 VN on the 30th: 1 day left, though in UTC it is 0.6 days
    const pending = (await noticesOf(cert.id)).filter((n) => n.state === 'pending')
    expect(pending.map((n) => `${n.threshold}@${n.due_date}`)).toEqual([
      '7@2033-03-24',
      '1@2033-03-30',
    ])
  })

  it('takes agency thresholds over the registry ones, and escalates unacknowledged ones within 7 days', async () => {
    const { agency, holder } = await person()
    await api.patch(`/api/v1/agencies/${agency.id}`, { reminderDays: [90, 10] })
    const day0 = morning('2034-09-01')
    const cert = await plantCertificate(holder, addDays(day0, 5))
    const result = await scan(day0)
    expect((await noticesOf(cert.id)).map((n) => `${n.threshold}:${n.state}`)).toEqual([
      '90:superseded',
      '10:pending',
    ])
    expect(result.escalated).toBeGreaterThanOrEqual(1)
    expect(await count('digests', "kind = 'escalation' AND run_date = '2034-09-01'")).toBe(1)
  })

  it('escalates, on the last working day before Tết, what runs out within 7 days of its end', async () => {
    const { holder } = await person('Phạm Thị Trước Tết')
    // Tết 2035 is off from Wednesday 7/2 to Tuesday 13/2: Tuesday 6/2 speaks up to the 13th, and
    // escalates what runs out within 7 days of it (Thursday 15/2), unacknowledged.
    const afterTet = await plantCertificate(holder, morning('2035-02-15'))
    const eve = await scan(morning('2035-02-06'))
    expect((await noticesOf(afterTet.id)).find((n) => n.state === 'pending')).toMatchObject({
      threshold: 7,
      due_date: '2035-02-06',
    })
    expect(eve.escalated).toBe(1)
    expect(await count('digests', "kind = 'escalation' AND run_date = '2035-02-06'")).toBe(1)
  })

  it('reads only the window through the notAfter index', async () => {
    const { results } = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT c.id FROM certificates c WHERE c.not_after >= ?1 AND c.not_after < ?2
         AND (?4 IS NULL OR c.not_after > ?4 OR (c.not_after = ?4 AND c.id > ?5))
         AND c.revoked_at IS NULL AND c.replaced_by_id IS NULL AND c.not_before <= ?3
         AND NOT EXISTS (SELECT 1 FROM certificate_acks k WHERE k.certificate_id = c.id) ORDER BY c.not_after, c.id LIMIT ?6`
    )
      .bind('a', 'b', 'c', null, null, 10)
      .all<{ detail: string }>()
    expect(results[0].detail).toMatch(
      /SEARCH c USING INDEX certificates_not_after \(not_after>\? AND not_after<\?\)/
    )
  })
})
