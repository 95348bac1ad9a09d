import type { Agency } from '../../schemas/agency'
import type { Device } from '../../schemas/device'
import type { Holder } from '../../schemas/holder'
import type { Issuer } from '../../schemas/issuer'
import type { CertificateRecord } from '../../src/db/certificates'
import { addYears, DAY_MS } from '../../src/lib/time'
import * as N from './names'
import { random } from './random'

export interface CustodyRow {
  id: string
  deviceId: string
  holderId: string
  assignedAt: string
  handoverRef: string | null
  returnedAt: string | null
  closedBy: 'return' | 'lost' | null
  returnNote: string | null
}

export interface Province {
  agencies: Agency[]
  holders: Holder[]
  devices: Device[]
  custody: CustodyRow[]
  certificates: CertificateRecord[]
  issuers: Issuer[]
}

/** Deterministic ids for demo data: prefix, then a zero-padded counter in the ULID alphabet. */
const idOf = (prefix: string, n: number) => `${prefix}_DEMO${String(n).padStart(22, '0')}`

/**
 * A demo province, the same for the same seed and clock: a province agency, ~25 departments
 * with their units, ~90 communes; ~3,000 personal and ~500 organisation certificates with spread
 * expiry dates (some expired, revoked, renewed, re-issued); ~120 devices with custody history.
 */
export function demoProvince(now: Date, seed = 68_2024, scale = 1): Province {
  const r = random(seed)
  const at = (offsetDays: number) => new Date(now.getTime() + offsetDays * DAY_MS).toISOString()
  const counters: Record<string, number> = {}
  const id = (prefix: string) => idOf(prefix, (counters[prefix] = (counters[prefix] ?? 0) + 1))
  const created = at(-900)

  const agencies: Agency[] = []
  const agency = (
    code: string,
    name: string,
    kind: Agency['kind'],
    parentId: string | null
  ): Agency => {
    const a: Agency = {
      id: id('agc'),
      code,
      name,
      kind,
      parentId,
      emails: [`vanthu.${code.toLowerCase().replace(/[^a-z0-9]+/g, '')}@demo.gov.vn`],
      webhookUrl: null,
      status: 'active',
      successorId: null,
      endedAt: null,
      reminderDays: null,
      version: 1,
      createdAt: created,
      updatedAt: created,
    }
    agencies.push(a)
    return a
  }
  const province = agency('UBND', 'Ủy ban nhân dân tỉnh Minh Sơn', 'province', null)
  for (const [code, name] of N.DEPARTMENTS) {
    const dept = agency(code, name, 'department', province.id)
    for (const unit of N.UNITS.slice(0, r.int(1, 3)))
      agency(`${code}.${agencies.length}`, `${unit} - ${name}`, 'unit', dept.id)
  }
  const communeNames = new Set<string>()
  while (communeNames.size < Math.round(90 * scale))
    communeNames.add(`${r.pick(N.COMMUNE_FIRST)} ${r.pick(N.COMMUNE_SECOND)}`)
  for (const name of communeNames) {
    const ward = r.chance(0.25)
    agency(
      `${ward ? 'P' : 'X'}.${name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[đĐ]/g, 'D')
        .replace(/\s+/g, '')
        .toUpperCase()}`,
      `Ủy ban nhân dân ${ward ? 'phường' : 'xã'} ${name}`,
      'commune',
      province.id
    )
  }

  const holders: Holder[] = []
  const certificates: CertificateRecord[] = []
  const devices: Device[] = []
  const custody: CustodyRow[] = []
  const usedCccd = new Set<string>()

  const certificate = (
    holder: Holder,
    kind: CertificateRecord['kind'],
    notBefore: string,
    years: number,
    extra: Partial<CertificateRecord> = {}
  ): CertificateRecord => {
    const issuer = notBefore < at(-1100) ? N.ISSUER_OLD : N.ISSUER
    const org = agencies.find((a) => a.id === holder.agencyId)!
    const c: CertificateRecord = {
      id: id('crt'),
      kind,
      serial: `54${r.hex(15)}`,
      issuer,
      subject:
        kind === 'personal'
          ? `CN=${holder.fullName},OU=${org.name},O=UBND tỉnh Minh Sơn,C=VN`
          : `CN=${org.name},O=UBND tỉnh Minh Sơn,C=VN`,
      holderId: holder.id,
      agencyId: holder.agencyId,
      deviceId: null,
      notBefore,
      notAfter: addYears(new Date(notBefore), years).toISOString(),
      fingerprint: r.chance(0.7) ? r.hex(32) : null,
      replacesId: null,
      replacement: null,
      replacedById: null,
      revokedAt: null,
      reasonCode: null,
      invalidityDate: null,
      revocationNote: null,
      holdAt: null,
      revokedBy: null,
      note: null,
      version: 1,
      createdAt: notBefore,
      updatedAt: notBefore,
      ...extra,
    }
    certificates.push(c)
    return c
  }
  /** A certificate and, sometimes, the older one it renewed, or a revocation. */
  const history = (holder: Holder, kind: CertificateRecord['kind']) => {
    // Spread current certificates so that some expire each month of the next five years.
    const notBefore = at(r.int(-5 * 365 + 20, -5))
    if (r.chance(0.15)) {
      const old = certificate(holder, kind, at(r.int(-7 * 365, -5 * 365 - 40)), r.pick([2, 3]))
      if (old.notAfter > notBefore) {
        const renewed = certificate(holder, kind, notBefore, 3, {
          replacesId: old.id,
          replacement: 'renewal',
        })
        old.replacedById = renewed.id
        return renewed
      }
    }
    const current = certificate(holder, kind, notBefore, r.pick([2, 3, 5]))
    if (r.chance(0.03)) {
      const code = r.pick([1, 3, 4, 5] as const)
      const revokedAt = new Date(
        Math.min(
          Date.parse(current.notAfter) - DAY_MS,
          Date.parse(at(-1)),
          Date.parse(current.notBefore) + r.int(30, 700) * DAY_MS
        )
      ).toISOString()
      Object.assign(current, {
        revokedAt,
        reasonCode: code,
        revocationNote:
          code === 1
            ? 'Mất thiết bị'
            : code === 3
              ? 'Chuyển công tác'
              : code === 5
                ? 'Nghỉ hưu'
                : 'Thay đổi thông tin',
        updatedAt: revokedAt,
      })
    }
    return current
  }

  for (const a of agencies) {
    const org: Holder = {
      id: id('hld'),
      kind: 'organisation',
      fullName: a.name,
      nationalId: null,
      position: null,
      email: a.emails[0],
      phone: null,
      agencyId: a.id,
      status: 'in_post',
      leftAt: null,
      version: 1,
      createdAt: created,
      updatedAt: created,
    }
    holders.push(org)
    for (let i = r.int(2, 4); i > 0; i--) history(org, 'organisation')
    const people = Math.round(
      (a.kind === 'commune' ? r.int(12, 20) : a.kind === 'unit' ? r.int(8, 14) : r.int(18, 35)) *
        scale
    )
    for (let i = 0; i < people; i++) {
      let cccd: string
      do
        cccd = `0${r.int(10, 96)}${r.pick(['0', '1', '2', '3'])}${r.int(50, 99)}${String(r.int(0, 999999)).padStart(6, '0')}`
      while (usedCccd.has(cccd))
      usedCccd.add(cccd)
      const fullName = `${r.pick(N.FAMILY)} ${r.pick(N.MIDDLE)} ${r.pick(N.GIVEN)}`
      const person: Holder = {
        id: id('hld'),
        kind: 'person',
        fullName,
        nationalId: cccd,
        position: r.pick(N.POSITIONS),
        email: `${fullName
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .replace(/[đĐ]/g, 'd')
          .toLowerCase()
          .split(' ')
          .reverse()
          .join('.')}${holders.length}@demo.gov.vn`,
        phone: `09${r.int(10000000, 99999999)}`,
        agencyId: a.id,
        status: 'in_post',
        leftAt: null,
        version: 1,
        createdAt: created,
        updatedAt: created,
      }
      holders.push(person)
      const cert = history(person, 'personal')
      // A few have retired: their certificate revoked (5, cessationOfOperation) when they left.
      if (cert.revokedAt === null && cert.notAfter > at(0) && r.chance(0.02)) {
        const leftAt = at(-r.int(5, 60))
        if (leftAt > cert.notBefore) {
          Object.assign(person, { status: 'retired', leftAt })
          Object.assign(cert, {
            revokedAt: leftAt,
            reasonCode: 5,
            revocationNote: 'Nghỉ hưu',
            updatedAt: leftAt,
          })
        }
      }
    }
  }

  // Devices: most handed over (some more than once), some in stock, lost, damaged or retired.
  const people = holders.filter((h) => h.kind === 'person')
  for (let i = 0; i < Math.round(120 * scale); i++) {
    const status = r.pick([
      'assigned',
      'assigned',
      'assigned',
      'assigned',
      'assigned',
      'assigned',
      'in_stock',
      'lost',
      'damaged',
      'retired',
    ] as const)
    const device: Device = {
      id: id('dev'),
      serial: `VGCA-TK-${2021 + (i % 5)}-${String(i + 1).padStart(5, '0')}`,
      model: r.pick(N.TOKEN_MODELS),
      kind: i % 40 === 39 ? 'sim_pki' : 'token',
      status,
      agencyId: province.id,
      holderId: null,
      note: null,
      version: 1,
      createdAt: created,
      updatedAt: created,
    }
    devices.push(device)
    const hand_overs = r.int(1, 3)
    for (let k = 0; k < hand_overs; k++) {
      const holder = r.pick(people)
      const last = k === hand_overs - 1
      const open = last && status === 'assigned'
      const lost = last && status === 'lost'
      const from = -800 + k * 250 + r.int(0, 50)
      custody.push({
        id: id('asg'),
        deviceId: device.id,
        holderId: holder.id,
        assignedAt: at(from),
        handoverRef: `BB-${2023 + k}/${String(i * 3 + k + 1).padStart(3, '0')}`,
        returnedAt: open ? null : at(from + r.int(30, 200)),
        closedBy: open ? null : lost ? 'lost' : 'return',
        returnNote: open ? null : lost ? 'Báo mất thiết bị' : 'Thu hồi khi chuyển công tác',
      })
      if (open) Object.assign(device, { holderId: holder.id, agencyId: holder.agencyId })
      // A device carries one holder's keys: the last holder's certificate; a lost device's is revoked.
      const cert = last && certificates.findLast((c) => c.holderId === holder.id)
      if (
        cert &&
        !cert.deviceId &&
        (open || lost || cert.revokedAt !== null || cert.notAfter < at(0))
      ) {
        cert.deviceId = device.id
        if (lost && cert.revokedAt === null && cert.notAfter > at(0)) {
          const when = custody[custody.length - 1].returnedAt!
          Object.assign(cert, {
            revokedAt: when > cert.notBefore ? when : cert.notBefore,
            reasonCode: 1,
            revocationNote: 'Mất thiết bị',
            updatedAt: when,
          })
        }
      }
    }
  }
  // The Government CA by the names it goes by; its keys (CA certificates) come from the CA.
  const issuers: Issuer[] = [N.ISSUER, N.ISSUER_OLD].map((dn) => ({
    id: id('iss'),
    name: /CN=([^,]+)/.exec(dn)![1],
    dn,
    aliases: dn === N.ISSUER ? ['Ban Cơ yếu Chính phủ', 'CA phục vụ các cơ quan Nhà nước G2'] : [],
    keys: [],
    crlUrls: [],
    ocspUrls: [],
    crlThisUpdate: null,
    crlNextUpdate: null,
    fetchFailures: 0,
    version: 1,
    createdAt: created,
    updatedAt: created,
  }))
  return { agencies, holders, devices, custody, certificates, issuers }
}
