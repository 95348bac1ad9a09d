import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { api, call, count } from '../helpers/api'
import { given } from '../helpers/given'
import { accessWorld } from '../helpers/principals'

const CCCD = ['001203004589', '079200001234']
let w: Awaited<ReturnType<typeof accessWorld>>
const logged: string[] = []

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, level).mockImplementation(
      (...args: unknown[]) => void logged.push(args.map(String).join(' '))
    )
  w = await accessWorld()
})
afterAll(() => vi.restoreAllMocks())

describe('personal data (Nghị định 13/2023)', () => {
  it('shows CCCD and phone whole to the department and masked to everyone else', async () => {
    const path = `/api/v1/holders/${w.inA.holder.id}`
    expect((await api.get(path)).body).toMatchObject({
      nationalId: '001203004589',
      phone: '0912345678',
    })
    for (const key of [w.keys.auditor, w.keys.officerA, w.keys.officerP]) {
      const res = await call('GET', path, undefined, {}, key.secret)
      expect(res.body).toMatchObject({ nationalId: '0012******89', phone: '0912****78' })
    }
  })

  it('never puts a whole CCCD in a non-admin answer, an error, the audit log or a log line', async () => {
    const bodies: string[] = []
    for (const key of [w.keys.auditor, w.keys.officerA, w.keys.officerP, null]) {
      for (const path of [
        '/api/v1/holders?limit=200',
        `/api/v1/holders/${w.inB.holder.id}`,
        `/api/v1/certificates/${w.inA.certificate.id}`,
        '/api/v1/audit?limit=200',
        `/api/v1/holders?q=${CCCD[0]}`,
      ])
        bodies.push(
          JSON.stringify((await call('GET', path, undefined, {}, key?.secret ?? null)).body)
        )
    }
    // Refused writes that carry a CCCD: the error must not echo it.
    bodies.push(
      JSON.stringify(
        (
          await api.post('/api/v1/holders', {
            kind: 'person',
            fullName: 'X',
            agencyId: w.agencies.a1.id,
            nationalId: CCCD[0],
          })
        ).body
      )
    )
    bodies.push(
      JSON.stringify(
        (
          await api.post('/api/v1/holders', {
            kind: 'organisation',
            fullName: 'X',
            agencyId: w.agencies.a1.id,
            nationalId: CCCD[1],
          })
        ).body
      )
    )
    bodies.push(
      JSON.stringify(
        (await api.patch(`/api/v1/holders/${w.inA.holder.id}`, { nationalId: `${CCCD[0]}9` })).body
      )
    )
    bodies.push(JSON.stringify((await api.get('/api/v1/audit?limit=200')).body))
    for (const cccd of CCCD) {
      expect(bodies.filter((b) => b.includes(cccd))).toEqual([])
      expect(logged.filter((line) => line.includes(cccd))).toEqual([])
    }
  })

  it('masks a CCCD inside a certificate subject for everyone but the department: API, public check, export, audit', async () => {
    const inSubject = '036089001122'
    const subjects = [
      `CN=Lê Văn Cường,SERIALNUMBER=CCCD:${inSubject},O=Sở Y tế,C=VN`,
      `UID=CCCD:${inSubject},CN=Lê Văn Cường,C=VN`,
      `CN=Lê Văn Cường ${inSubject},C=VN`,
    ]
    const made = []
    for (const subject of subjects) made.push(await given.certificate(w.inA.holder.id, { subject }))
    const seen: string[] = []
    for (const key of [w.keys.auditor, w.keys.officerA, w.keys.officerP]) {
      for (const cert of made)
        seen.push(
          JSON.stringify(
            (await call('GET', `/api/v1/certificates/${cert.id}`, undefined, {}, key.secret)).body
          )
        )
      seen.push(
        JSON.stringify(
          (await call('GET', '/api/v1/certificates?limit=200', undefined, {}, key.secret)).body
        )
      )
      seen.push(
        JSON.stringify(
          (await call('GET', '/api/v1/audit?limit=200', undefined, {}, key.secret)).body
        )
      )
      seen.push(
        await (
          await call('GET', '/api/v1/exports/certificates.csv', undefined, {}, key.secret)
        ).body
      )
    }
    for (const cert of made)
      seen.push(
        JSON.stringify(
          (await call('GET', `/api/v1/status/${cert.serial}`, undefined, {}, null)).body
        )
      )
    // The audit log never held it whole, so not even the department reads it there.
    seen.push(JSON.stringify((await api.get('/api/v1/audit?entity=certificate&limit=200')).body))
    expect(seen.filter((text) => text.includes(inSubject))).toEqual([])
    expect(seen.join('\n')).toContain('0360******22')
    // The public answer names the holder, never an ID, not even masked.
    for (const cert of made) {
      const answer = (await call('GET', `/api/v1/status/${cert.serial}`, undefined, {}, null)).body
      expect(answer.subject).not.toMatch(/0360|\*\*|CCCD|SERIALNUMBER|UID/)
      expect(answer.subject).toContain('CN=Lê Văn Cường')
    }
  })

  it('shows the department the whole subject, and records that read (who, what, when)', async () => {
    const cert = await given.certificate(w.inA.holder.id, {
      subject: 'CN=Phạm Thị Dung,SERIALNUMBER=CCCD:036089009988,C=VN',
    })
    const reads = () => count('audit_log', "action = 'personal-data.read'")
    const before = await reads()
    const answer = await api.get(`/api/v1/certificates/${cert.id}`)
    expect(answer.body.subject).toContain('036089009988')
    expect(await reads()).toBe(before + 1)
    const entry = (await api.get('/api/v1/audit?action=personal-data.read&limit=1')).body.items[0]
    expect(entry).toMatchObject({
      principal: 'local-admin',
      entity: 'certificate',
      entityId: cert.id,
    })
    // An auditor's read is masked, so nothing whole was read and nothing is recorded.
    await call('GET', `/api/v1/certificates/${cert.id}`, undefined, {}, w.keys.auditor.secret)
    expect(await reads()).toBe(before + 1)
    await call('GET', '/api/v1/exports/certificates.csv', undefined, {}, null)
    await api.get('/api/v1/exports/certificates.csv')
    expect(await reads()).toBe(before + 2)
  })
})
