import { describe, expect, it } from 'vitest'
import { assertAssignable, assertStatusChange, type DeviceStatus } from '../../src/domain/custody'
import { certificateStatus, type CertificateState } from '../../src/domain/lifecycle'
import { reasonOf, REASON_CODES } from '../../src/domain/reasons'
import { assertReplacement, assertValidity } from '../../src/domain/validity'

const cert = (fields: Partial<CertificateState> = {}): CertificateState => ({
  id: 'crt_1',
  kind: 'personal',
  holderId: 'hld_1',
  notBefore: '2024-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  revokedAt: null,
  replacedById: null,
  ...fields,
})

describe('derived status: the clock decides, no stored flag', () => {
  it('moves from not yet valid to active to expired as the clock moves', () => {
    const c = cert()
    expect(certificateStatus(c, new Date('2023-12-31T23:59:59Z'))).toBe('not_yet_valid')
    expect(certificateStatus(c, new Date('2024-01-01T00:00:00Z'))).toBe('active')
    expect(certificateStatus(c, new Date('2026-12-31T23:59:59Z'))).toBe('active')
    expect(certificateStatus(c, new Date('2027-01-01T00:00:00Z'))).toBe('expired')
  })
  it('counts a revocation from its own time on, and never un-revokes', () => {
    const c = cert({ revokedAt: '2025-06-01T00:00:00.000Z' })
    expect(certificateStatus(c, new Date('2025-05-31T00:00:00Z'))).toBe('active')
    expect(certificateStatus(c, new Date('2025-06-01T00:00:00Z'))).toBe('revoked')
    expect(certificateStatus(c, new Date('2030-01-01T00:00:00Z'))).toBe('revoked') // not "expired"
  })
})

describe('validity (Nghị định 68/2024)', () => {
  it('allows at most five years for a new certificate', () => {
    expect(() =>
      assertValidity('2025-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z')
    ).not.toThrow()
    expect(() => assertValidity('2025-01-01T00:00:00.000Z', '2030-01-01T00:00:01.000Z')).toThrow(
      /at most 5 years/
    )
  })
  it('requires notAfter after notBefore', () => {
    expect(() => assertValidity('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')).toThrow(
      /later than notBefore/
    )
  })
  it('lets a renewal extend by at most three years past the old notAfter', () => {
    const old = cert()
    const next = {
      kind: 'personal' as const,
      holderId: 'hld_1',
      notBefore: '2026-12-01T00:00:00.000Z',
    }
    expect(() =>
      assertReplacement(old, { ...next, notAfter: '2030-01-01T00:00:00.000Z' }, 'renewal')
    ).not.toThrow()
    expect(() =>
      assertReplacement(old, { ...next, notAfter: '2030-01-01T00:00:01.000Z' }, 'renewal')
    ).toThrow(/at most 3 years/)
    expect(() =>
      assertReplacement(old, { ...next, notAfter: '2026-12-31T00:00:00.000Z' }, 'renewal')
    ).toThrow(/end later/)
  })
  it('refuses to renew a revoked or already replaced certificate, or for another holder or kind', () => {
    const next = {
      kind: 'personal' as const,
      holderId: 'hld_1',
      notBefore: '2026-12-01T00:00:00.000Z',
      notAfter: '2029-01-01T00:00:00.000Z',
    }
    expect(() =>
      assertReplacement(cert({ revokedAt: '2025-01-01T00:00:00.000Z' }), next, 'renewal')
    ).toThrow(expect.objectContaining({ code: 'certificate-revoked' }))
    expect(() => assertReplacement(cert({ replacedById: 'crt_2' }), next, 'renewal')).toThrow(
      expect.objectContaining({ code: 'certificate-replaced' })
    )
    expect(() => assertReplacement(cert(), { ...next, holderId: 'hld_2' }, 'renewal')).toThrow(
      expect.objectContaining({ code: 'holder-mismatch' })
    )
    expect(() => assertReplacement(cert(), { ...next, kind: 'organisation' }, 'renewal')).toThrow(
      expect.objectContaining({ code: 'kind-mismatch' })
    )
  })
  it('lets a re-issue replace a revoked certificate (after a lost or damaged device)', () => {
    const next = {
      kind: 'personal' as const,
      holderId: 'hld_1',
      notBefore: '2026-12-01T00:00:00.000Z',
      notAfter: '2029-01-01T00:00:00.000Z',
    }
    expect(() =>
      assertReplacement(cert({ revokedAt: '2025-01-01T00:00:00.000Z' }), next, 'reissue')
    ).not.toThrow()
  })
})

describe('revocation reasons', () => {
  it('carry the RFC 5280 name and the Vietnamese cause; suspension (6) is not among them', () => {
    expect(reasonOf(1)).toMatchObject({
      code: 1,
      name: 'keyCompromise',
      cause: 'Lộ khóa bí mật hoặc mất thiết bị lưu khóa',
    })
    expect(reasonOf(3)?.name).toBe('affiliationChanged')
    expect(reasonOf(4)?.name).toBe('superseded')
    expect(reasonOf(5)?.name).toBe('cessationOfOperation')
    expect(REASON_CODES).toEqual([0, 1, 3, 4, 5])
    expect(reasonOf(6)).toBeNull()
  })
})

describe('device custody', () => {
  it('hands over only from stock', () => {
    expect(() => assertAssignable('in_stock', 'T1')).not.toThrow()
    for (const status of ['assigned', 'lost', 'damaged', 'retired'] as DeviceStatus[])
      expect(() => assertAssignable(status, 'T1')).toThrow(
        expect.objectContaining({ status: 409, code: 'device-not-available' })
      )
  })
  it('allows only the status edits of the table', () => {
    expect(() => assertStatusChange('in_stock', 'damaged')).not.toThrow()
    expect(() => assertStatusChange('lost', 'in_stock')).not.toThrow()
    expect(() => assertStatusChange('assigned', 'retired')).toThrow(/Return it first/)
    expect(() => assertStatusChange('retired', 'in_stock')).toThrow(/cannot go from retired/)
  })
})
