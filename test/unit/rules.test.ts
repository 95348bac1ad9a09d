import { describe, expect, it } from 'vitest'
import { agencyRefusal, dissolutionRefusal } from '../../src/domain/agency'
import {
  handoverRefusal,
  onDeviceAt,
  placementRefusal,
  statusChangeRefusal,
  type CarriedCertificate,
  type DeviceStatus,
} from '../../src/domain/custody'
import { holderKindRefusal, holderRefusal, leaveReason } from '../../src/domain/holder'
import { resolveIssuer, serialClashRefusal } from '../../src/domain/issuers'
import {
  certificateStatus,
  replacementRefusal,
  revocationRefusal,
  supersession,
  validityRefusal,
  type CertificateState,
} from '../../src/domain/lifecycle'
import { DEPARTMENT_CODES, reasonOf } from '../../src/domain/reasons'
import { problemOf } from '../../src/domain/refusal'
import { problemBody } from '../../src/lib/problem'

const cert = (fields: Partial<CertificateState> = {}): CertificateState => ({
  id: 'crt_1',
  kind: 'personal',
  serial: '54AB',
  holderId: 'hld_1',
  notBefore: '2024-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  revokedAt: null,
  invalidityDate: null,
  replacedById: null,
  ...fields,
})
const at = (iso: string) => new Date(iso)
const NOW = at('2026-06-01T00:00:00.000Z')

describe('derived status: the clock decides, no stored flag', () => {
  it('moves from not yet valid to active to expired as the clock moves', () => {
    const c = cert()
    expect(certificateStatus(c, at('2023-12-31T23:59:59Z'))).toBe('not_yet_valid')
    expect(certificateStatus(c, at('2024-01-01T00:00:00Z'))).toBe('active')
    expect(certificateStatus(c, at('2026-12-31T23:59:59Z'))).toBe('active')
    expect(certificateStatus(c, at('2027-01-01T00:00:00Z'))).toBe('expired')
  })
  it('counts a revocation from its own time on, and never un-revokes', () => {
    const c = cert({ revokedAt: '2025-06-01T00:00:00.000Z' })
    expect(certificateStatus(c, at('2025-05-31T00:00:00Z'))).toBe('active')
    expect(certificateStatus(c, at('2025-06-01T00:00:00Z'))).toBe('revoked')
    expect(certificateStatus(c, at('2030-01-01T00:00:00Z'))).toBe('revoked') // not "expired"
  })
  it('counts it from the invalidity date when the key was compromised before the revocation', () => {
    const c = cert({
      revokedAt: '2025-06-01T00:00:00.000Z',
      invalidityDate: '2025-05-20T00:00:00.000Z',
    })
    expect(certificateStatus(c, at('2025-05-19T23:59:59Z'))).toBe('active')
    expect(certificateStatus(c, at('2025-05-25T00:00:00Z'))).toBe('revoked')
  })
})

describe('validity (Nghị định 68/2024)', () => {
  it('allows at most five years for a new certificate (to the end of the anniversary, in dates), and an end after the start', () => {
    expect(validityRefusal('2025-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z')).toBeNull()
    // From the start of 01/01/2025 to the end of 01/01/2030 (Vietnam days) is five years in dates.
    expect(validityRefusal('2024-12-31T17:00:00.000Z', '2030-01-01T16:59:59.000Z')).toBeNull()
    expect(validityRefusal('2024-12-31T17:00:00.000Z', '2030-01-01T17:00:00.000Z')).toMatchObject({
      status: 422,
      field: 'notAfter',
      reason: 'validity-too-long',
    })
    expect(validityRefusal('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')).toMatchObject({
      reason: 'not-after-before-start',
    })
  })
})

describe('renewal and re-issue', () => {
  const next = {
    kind: 'personal' as const,
    holderId: 'hld_1',
    notBefore: '2026-12-01T00:00:00.000Z',
    notAfter: '2029-01-01T00:00:00.000Z',
  }
  it('renews only a certificate still valid: an expired, revoked or replaced one needs a new issue', () => {
    expect(replacementRefusal(cert(), next, 'renewal', NOW)).toBeNull()
    const refused = (c: CertificateState, when = NOW) =>
      replacementRefusal(c, next, 'renewal', when)
    expect(refused(cert(), at('2027-01-02T00:00:00Z'))).toMatchObject({
      status: 409,
      code: 'renewal-needs-valid',
      params: { state: 'expired' },
    })
    expect(refused(cert({ revokedAt: '2025-01-01T00:00:00.000Z' }))).toMatchObject({
      code: 'renewal-needs-valid',
      params: { state: 'revoked' },
    })
    expect(refused(cert({ replacedById: 'crt_2' }))).toMatchObject({ code: 'certificate-replaced' })
    // A successor that has not begun yet may itself be renewed.
    expect(refused(cert(), at('2023-06-01T00:00:00Z'))).toBeNull()
  })
  it('extends by at most three years past the old notAfter, and ends later', () => {
    const old = cert()
    const with_ = (notAfter: string) =>
      replacementRefusal(old, { ...next, notAfter }, 'renewal', NOW)
    expect(with_('2030-01-01T16:59:59.000Z')).toBeNull()
    expect(with_('2030-01-01T17:00:00.000Z')).toMatchObject({ reason: 'renewal-too-long' })
    expect(with_('2026-12-31T00:00:00.000Z')).toMatchObject({ reason: 'renewal-not-later' })
  })
  it('keeps the holder and the kind', () => {
    expect(replacementRefusal(cert(), { ...next, holderId: 'hld_2' }, 'change', NOW)).toMatchObject(
      {
        code: 'holder-mismatch',
      }
    )
    expect(
      replacementRefusal(cert(), { ...next, kind: 'organisation' }, 'change', NOW)
    ).toMatchObject({ code: 'kind-mismatch' })
  })
  it('re-issues after a lost device even when the old one is revoked, but never an expired one', () => {
    const revoked = cert({ revokedAt: '2025-01-01T00:00:00.000Z' })
    expect(replacementRefusal(revoked, next, 'device', NOW)).toBeNull()
    expect(replacementRefusal(revoked, next, 'change', NOW)).toMatchObject({
      code: 'reissue-needs-valid',
    })
    expect(replacementRefusal(cert(), next, 'device', at('2027-02-01T00:00:00Z'))).toMatchObject({
      code: 'reissue-needs-valid',
      params: { state: 'expired' },
    })
  })
  it('revokes the replaced one (4) from the successor’s start after a change or a device re-issue, never in the future', () => {
    expect(supersession(cert(), next, 'renewal', NOW)).toBeNull()
    expect(
      supersession(cert(), { ...next, notBefore: '2026-05-01T00:00:00.000Z' }, 'change', NOW)
    ).toEqual({
      revokedAt: '2026-05-01T00:00:00.000Z',
      reasonCode: 4,
    })
    expect(supersession(cert(), next, 'device', NOW)).toEqual({
      revokedAt: NOW.toISOString(),
      reasonCode: 4,
    })
    expect(
      supersession(cert({ revokedAt: '2025-01-01T00:00:00.000Z' }), next, 'device', NOW)
    ).toBeNull()
  })
})

describe('revocation time and invalidity date', () => {
  it('lies between the start of validity and now; the invalidity date between validity and revocation', () => {
    const c = cert()
    expect(
      revocationRefusal(c, '2025-01-01T00:00:00.000Z', '2024-12-01T00:00:00.000Z', NOW)
    ).toBeNull()
    expect(revocationRefusal(c, '2023-12-31T00:00:00.000Z', null, NOW)).toMatchObject({
      code: 'invalid-revocation',
      field: 'revokedAt',
      reason: 'revoked-before-valid',
    })
    expect(
      revocationRefusal(c, '2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z', NOW)
    ).toMatchObject({ field: 'invalidityDate', reason: 'invalidity-after-revocation' })
    expect(
      revocationRefusal(c, '2025-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z', NOW)
    ).toMatchObject({ field: 'invalidityDate', reason: 'revoked-before-valid' })
    expect(
      revocationRefusal(
        cert({ revokedAt: '2025-01-01T00:00:00.000Z' }),
        '2025-02-01T00:00:00.000Z',
        null,
        NOW
      )
    ).toMatchObject({ status: 409, code: 'revoked-is-final' })
  })
  it('lets a certificate that has not begun yet be revoked now: nothing was signed with it', () => {
    const future = cert({ notBefore: '2026-07-01T00:00:00.000Z' })
    expect(revocationRefusal(future, NOW.toISOString(), null, NOW)).toBeNull()
    expect(
      certificateStatus({ ...future, revokedAt: NOW.toISOString() }, at('2026-08-01T00:00:00Z'))
    ).toBe('revoked')
  })
})

describe('revocation reasons', () => {
  it('carry the RFC 5280 name and the Vietnamese cause, every code a CA may write', () => {
    expect(reasonOf(1)).toMatchObject({ code: 1, name: 'keyCompromise' })
    expect(reasonOf(2)?.name).toBe('cACompromise')
    expect(reasonOf(6)?.name).toBe('certificateHold')
    expect(reasonOf(9)?.name).toBe('privilegeWithdrawn')
    expect(reasonOf(10)?.name).toBe('aACompromise')
    expect(reasonOf(7)).toBeNull()
    expect(DEPARTMENT_CODES).toEqual([0, 1, 3, 4, 5, 9])
  })
})

describe('device custody: a device carries one holder’s keys', () => {
  const device = (status: DeviceStatus = 'in_stock', holderId: string | null = null) => ({
    serial: 'T1',
    status,
    holderId,
  })
  const onIt = (holderId: string, kind = 'personal'): CarriedCertificate => ({
    id: `crt_${holderId}`,
    serial: `S${holderId}`,
    kind,
    holderId,
    holderName: `Người ${holderId}`,
  })
  it('lists on a hand-over record what was on the device then: not a later renewal, still one revoked since', () => {
    const cert = (
      serial: string,
      notBefore: string,
      notAfter: string,
      revokedAt: string | null
    ) => ({
      serial,
      notBefore: `${notBefore}T00:00:00.000Z`,
      notAfter: `${notAfter}T00:00:00.000Z`,
      revokedAt: revokedAt && `${revokedAt}T00:00:00.000Z`,
    })
    const certificates = [
      cert('OLD', '2024-01-01', '2027-01-01', null),
      cert('REVOKED-LATER', '2024-01-01', '2029-01-01', '2026-06-01'),
      cert('REVOKED-BEFORE', '2024-01-01', '2029-01-01', '2025-01-01'),
      cert('RENEWAL', '2026-12-01', '2029-12-01', null),
    ]
    expect(onDeviceAt(certificates, '2025-03-01T02:00:00.000Z').map((c) => c.serial)).toEqual([
      'OLD',
      'REVOKED-LATER',
    ])
  })

  it('hands over only from stock', () => {
    expect(handoverRefusal(device(), [], 'hld_1')).toBeNull()
    expect(handoverRefusal(device('assigned', 'hld_2'), [], 'hld_1')).toMatchObject({
      code: 'device-not-available',
      text: 'device-held',
    })
    for (const status of ['lost', 'damaged', 'retired'] as DeviceStatus[])
      expect(handoverRefusal(device(status), [], 'hld_1')).toMatchObject({
        code: 'device-not-available',
      })
  })
  it('refuses a hand-over while another person’s active certificate is on it, naming it', () => {
    const refusal = handoverRefusal(device(), [onIt('hld_2')], 'hld_1')
    expect(refusal).toMatchObject({ status: 409, code: 'device-carries-other' })
    expect(refusal?.params?.certificates).toBe('Shld_2 (Người hld_2)')
    expect(handoverRefusal(device(), [onIt('hld_1')], 'hld_1')).toBeNull()
    // The agency's seal on the clerk's token belongs to no person.
    expect(handoverRefusal(device(), [onIt('hld_org', 'organisation')], 'hld_1')).toBeNull()
  })
  it('puts a personal certificate only on its own holder’s device', () => {
    const personal = { kind: 'personal', holderId: 'hld_1' }
    expect(placementRefusal(device('assigned', 'hld_1'), personal, [])).toBeNull()
    expect(placementRefusal(device('assigned', 'hld_2'), personal, [])).toMatchObject({
      code: 'device-held-by-other',
    })
    expect(placementRefusal(device(), personal, [onIt('hld_2')])).toMatchObject({
      code: 'device-carries-other',
    })
    expect(placementRefusal(device('damaged'), personal, [])).toMatchObject({
      code: 'device-not-available',
    })
  })
  it('allows only the status edits of the table', () => {
    expect(statusChangeRefusal('in_stock', 'damaged')).toBeNull()
    expect(statusChangeRefusal('lost', 'in_stock')).toBeNull()
    expect(statusChangeRefusal('assigned', 'retired')).toMatchObject({
      params: { hint: 'return-first' },
    })
    expect(statusChangeRefusal('retired', 'in_stock')).toMatchObject({
      code: 'device-status-change',
    })
  })
})

describe('holders and agencies', () => {
  const holder = {
    id: 'hld_1',
    kind: 'person' as const,
    fullName: 'Lê Văn Bình',
    status: 'in_post' as const,
  }
  it('gives nothing new to a holder who left, and certificates only of the right holder kind', () => {
    expect(holderRefusal(holder)).toBeNull()
    expect(holderRefusal({ ...holder, status: 'retired' })).toMatchObject({ code: 'holder-left' })
    expect(holderKindRefusal(holder, 'personal')).toBeNull()
    expect(holderKindRefusal(holder, 'device_service')).toMatchObject({
      reason: 'holder-kind-mismatch',
    })
    expect(leaveReason('transferred')).toBe(3)
    expect(leaveReason('deceased')).toBe(5)
  })
  it('records nothing under a merged or dissolved agency, and dissolves only an empty one', () => {
    const agency = { id: 'agc_1', code: 'X.A', status: 'merged' as const, successorId: 'agc_2' }
    expect(agencyRefusal(agency)).toMatchObject({ code: 'agency-not-active' })
    expect(agencyRefusal({ ...agency, status: 'active', successorId: null })).toBeNull()
    expect(dissolutionRefusal({ units: 0, holders: 0, devices: 0 })).toBeNull()
    expect(dissolutionRefusal({ units: 1, holders: 2, devices: 0 })).toMatchObject({
      code: 'agency-not-empty',
    })
  })
})

describe('issuers: one name, one CA', () => {
  const issuers = [
    {
      id: 'iss_1',
      dn: 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN',
      aliases: ['Ban Cơ yếu Chính phủ'],
    },
    { id: 'iss_2', dn: 'CN=Other CA,C=VN', aliases: [] },
  ]
  it('resolves a name as RFC 5280 compares names, or by an alias', () => {
    expect(
      resolveIssuer(issuers, 'c=vn, o=BAN CƠ YẾU CHÍNH PHỦ, cn=CA  phục vụ các cơ quan Nhà nước G2')
        ?.id
    ).toBe('iss_1')
    expect(resolveIssuer(issuers, ' ban cơ yếu  chính phủ ')?.id).toBe('iss_1')
    expect(resolveIssuer(issuers, 'CN=Nobody')).toBeNull()
  })
  it('never registers a serial twice because of spelling; two registered CAs may share one', () => {
    const g2 = issuers[0].dn
    expect(serialClashRefusal(issuers, '01', g2, ['CN=Other CA,C=VN'])).toBeNull()
    expect(serialClashRefusal(issuers, '01', g2, ['CN=Unregistered'])).toMatchObject({
      code: 'serial-under-other-issuer',
    })
    expect(serialClashRefusal(issuers, '01', 'CN=Unregistered', [g2])).toMatchObject({
      code: 'serial-under-other-issuer',
    })
  })
})

describe('refusals in the language asked for', () => {
  it('say the rule in Vietnamese by default, in English when asked, naming the field in words', () => {
    const problem = problemOf(revocationRefusal(cert(), '2023-12-31T00:00:00.000Z', null, NOW)!)
    const vi = problemBody(problem, 'req_1')
    expect(vi).toMatchObject({ status: 422, code: 'invalid-revocation' })
    expect(vi.detail).toBe(
      'Thời điểm thu hồi: không được trước thời điểm chứng thư số bắt đầu có hiệu lực (01/01/2024)'
    )
    expect(vi.errors).toEqual([
      {
        path: 'revokedAt',
        field: 'Thời điểm thu hồi',
        message: 'không được trước thời điểm chứng thư số bắt đầu có hiệu lực (01/01/2024)',
      },
    ])
    expect(problemBody(problem, 'req_1', 'en').detail).toBe(
      'Revocation time: must not be before the certificate became valid (01/01/2024)'
    )
  })
})
