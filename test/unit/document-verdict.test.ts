import { describe, expect, it } from 'vitest'
import { tsaRevoked } from '../../src/domain/ca-word'
import { documentVerdict, signatureVerdict, type SignatureFacts } from '../../src/domain/document'

/** A registered signer's intact signature, good then and now, the CRL current: valid. */
const sound: SignatureFacts = {
  intact: true,
  signatureVerifies: true,
  unsupported: false,
  weak: false,
  signerPresent: true,
  registered: true,
  sameCertificate: true,
  trustedTime: null,
  timestampBroken: false,
  claimedTime: '2026-11-01T00:00:00Z',
  statusAtTrustedTime: null,
  statusAtClaimedTime: 'good',
  statusNow: 'good',
  crlCurrent: true,
  after: 'none',
}
const judge = (change: Partial<SignatureFacts>) => {
  const { verdict, reasons } = signatureVerdict({ ...sound, ...change })
  return [verdict, ...reasons]
}

describe('the verdict on a signature (ETSI EN 319 102-1 shape)', () => {
  it('is valid only when everything holds, and says every reason otherwise', () => {
    expect(judge({})).toEqual(['valid'])
    expect(judge({ intact: false, signatureVerifies: false })).toEqual([
      'invalid',
      'altered',
      'signature-broken',
    ])
    expect(judge({ sameCertificate: false })).toEqual(['invalid', 'forged-chain'])
    expect(judge({ registered: null, sameCertificate: false })).toEqual([
      'indeterminate',
      'signer-not-registered',
    ])
    expect(judge({ signerPresent: false, registered: null })).toEqual([
      'indeterminate',
      'signer-certificate-missing',
    ])
    expect(judge({ unsupported: true, signatureVerifies: null })).toEqual([
      'indeterminate',
      'unsupported-algorithm',
    ])
    expect(judge({ weak: true })).toEqual(['indeterminate', 'weak-algorithm'])
    expect(judge({ crlCurrent: false })).toEqual(['indeterminate', 'crl-not-current'])
  })

  it('judges status at a trusted time, and a mere claim only against the signer', () => {
    const trusted = { trustedTime: '2026-11-01T00:00:00Z', statusNow: 'revoked' as const }
    expect(judge({ ...trusted, statusAtTrustedTime: 'good' })).toEqual(['valid'])
    // A timestamp proves the signature existed by then, not that it was made before: revoked
    // or expired by then leaves it open, unless the signer's own claim puts it after.
    expect(judge({ ...trusted, statusAtTrustedTime: 'revoked' })).toEqual([
      'indeterminate',
      'proof-after-revocation',
    ])
    expect(judge({ ...trusted, statusAtTrustedTime: 'expired' })).toEqual([
      'indeterminate',
      'proof-after-revocation',
    ])
    expect(
      judge({ ...trusted, statusAtTrustedTime: 'revoked', statusAtClaimedTime: 'revoked' })
    ).toEqual(['invalid', 'claimed-time-after-revocation'])
    expect(judge({ ...trusted, statusAtTrustedTime: 'not_yet_valid' })).toEqual([
      'invalid',
      'not-yet-valid-when-signed',
    ])
    expect(judge({ ...trusted, statusAtTrustedTime: 'on_hold' })).toEqual([
      'indeterminate',
      'on-hold-when-signed',
    ])
    // Revoked now, only a claim that it signed while good: cannot be told.
    expect(judge({ statusNow: 'revoked' })).toEqual(['indeterminate', 'no-trusted-time'])
    // Its own claim puts the signing after the revocation or the expiry: invalid.
    expect(judge({ statusNow: 'revoked', statusAtClaimedTime: 'revoked' })).toEqual([
      'invalid',
      'claimed-time-after-revocation',
    ])
    expect(judge({ statusNow: 'expired', statusAtClaimedTime: 'expired' })).toEqual([
      'invalid',
      'expired-before-signing',
    ])
    expect(judge({ timestampBroken: true })).toEqual(['indeterminate', 'timestamp-invalid'])
  })

  it('notes a later signed revision without changing the verdict; the document takes its worst', () => {
    expect(signatureVerdict({ ...sound, after: 'signed' })).toEqual({
      verdict: 'valid',
      reasons: [],
      notes: ['signed-again-after'],
    })
    const v = (verdict: 'valid' | 'invalid' | 'indeterminate') => ({ verdict })
    expect(documentVerdict([], 'none').verdict).toBeNull()
    expect(documentVerdict([v('valid'), v('indeterminate')], 'none').verdict).toBe('indeterminate')
    expect(documentVerdict([v('indeterminate'), v('invalid')], 'none').verdict).toBe('invalid')
    expect(documentVerdict([v('valid')], 'unsigned')).toEqual({
      verdict: 'invalid',
      reasons: ['changed-after-signing'],
    })
    // Additions after the last signature covered only by a document timestamp: not vouched for.
    expect(documentVerdict([v('valid'), v('valid')], 'timestamped')).toEqual({
      verdict: 'indeterminate',
      reasons: ['timestamped-after-signing'],
    })
  })
})

describe('a timestamping authority the CA revoked', () => {
  const at = '2026-06-01T00:00:00.000Z'
  const listed = (reasonCode: number, revokedAt: string, invalidityDate: string | null = null) => ({
    issuer: null,
    listed: { reasonCode, revokedAt, invalidityDate },
  })
  it('vouches for what it stamped before a revocation for another cause, and nothing after', () => {
    expect(tsaRevoked({ issuer: null, listed: null }, '2025-01-01', at)).toBe(false)
    expect(tsaRevoked(listed(4, '2026-07-01T00:00:00.000Z'), '2025-01-01', at)).toBe(false)
    expect(tsaRevoked(listed(5, '2026-05-01T00:00:00.000Z'), '2025-01-01', at)).toBe(true)
    // An invalidity date earlier than the revocation counts from then.
    expect(
      tsaRevoked(
        listed(4, '2026-07-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'),
        '2025-01-01',
        at
      )
    ).toBe(true)
  })
  it('vouches for nothing once its key (or its CA’s) is compromised, whatever time the token says', () => {
    expect(tsaRevoked(listed(1, '2026-07-01T00:00:00.000Z'), '2025-01-01', at)).toBe(true)
    expect(tsaRevoked(listed(2, '2026-07-01T00:00:00.000Z'), '2025-01-01', at)).toBe(true)
  })
})
