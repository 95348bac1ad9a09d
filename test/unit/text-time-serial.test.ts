import { describe, expect, it } from 'vitest'
import { daysLeft } from '../../src/domain/lifecycle'
import { maskIds, maskNationalId, withoutIds } from '../../src/domain/masking'
import { decodeCursor, encodeCursor } from '../../src/lib/cursor'
import { newId } from '../../src/lib/ids'
import fc from 'fast-check'
import { normaliseSerial, serialFromDer, serialToDer } from '../../src/lib/serial'
import { workingDaysBefore } from '../../src/domain/working-days'
import { fold, ftsQuery, searchText } from '../../src/lib/text'
import { vnDate } from '../../src/lib/time'

describe('serials', () => {
  it('keeps every DER INTEGER apart, and round-trips its spelling (negative ones included)', () => {
    // Any two's-complement content in its minimal DER form maps to one spelling and back.
    const minimal = (b: Uint8Array) =>
      b.length < 2 || !((b[0] === 0 && !(b[1] & 0x80)) || (b[0] === 0xff && b[1] & 0x80))
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 21 }).filter(minimal), (der) => {
        const spelled = serialFromDer(der)
        expect(normaliseSerial(spelled)).toBe(spelled)
        expect([...serialToDer(spelled)]).toEqual([...der])
      }),
      { numRuns: 2000 }
    )
    expect(serialFromDer(Uint8Array.of(0xff))).toBe('-01')
    expect(serialFromDer(Uint8Array.of(0x00, 0xff))).toBe('FF')
  })
  it('treats separators, case and the DER sign byte as the same serial', () => {
    expect(normaliseSerial('01:ab:CD')).toBe('01ABCD')
    expect(normaliseSerial('01ABCD')).toBe('01ABCD')
    expect(normaliseSerial('01 ab cd')).toBe('01ABCD')
    expect(normaliseSerial('0x1abcd')).toBe('01ABCD')
    expect(normaliseSerial('00:80:ab')).toBe('80AB')
    expect(normaliseSerial('00')).toBe('00')
  })
  it('refuses what is not hex, or longer than 32 bytes', () => {
    expect(normaliseSerial('XYZ')).toBeNull()
    expect(normaliseSerial('')).toBeNull()
    expect(normaliseSerial('AB'.repeat(33))).toBeNull()
  })
})

describe('Vietnamese text folding', () => {
  it('drops diacritics and maps đ to d', () => {
    expect(fold('Nguyễn Văn An')).toBe('nguyen van an')
    expect(fold('  ĐẶNG   Thị Đức ')).toBe('dang thi duc')
  })
  it('folds NFD-composed text the same as NFC', () => {
    expect(fold('Nguyễn'.normalize('NFD'))).toBe(fold('Nguyễn'.normalize('NFC')))
  })
  it('builds an FTS query of quoted prefix terms, ignoring operators', () => {
    expect(ftsQuery('Nguyễn Văn')).toBe('"nguyen"* "van"*')
    expect(ftsQuery('a" OR b*')).toBe('"a"* "or"* "b"*')
    expect(ftsQuery('  *** ')).toBeNull()
  })
  it('indexes a certificate by folded holder name, folded subject and lower-case serial', () => {
    expect(searchText(fold('Đỗ Hải'), fold('CN=Đỗ Hải,C=VN'), '7ECDEF01')).toBe(
      'do hai cn=do hai,c=vn 7ecdef01'
    )
  })
})

describe('days left, counted on Vietnam calendar days', () => {
  it('counts a certificate expiring at 23:30 on the 31st (VN) by VN days, not UTC days', () => {
    const notAfter = '2026-01-31T16:30:00.000Z' // 23:30 on 31/01 in Vietnam
    expect(vnDate(new Date(notAfter))).toBe('31/01/2026')
    expect(daysLeft(notAfter, new Date('2026-01-30T01:00:00Z'))).toBe(1) // 08:00 on 30/01 VN
    expect(daysLeft(notAfter, new Date('2026-01-30T17:30:00Z'))).toBe(0) // 00:30 on 31/01 VN, still the 30th in UTC
    expect(daysLeft(notAfter, new Date('2026-01-31T17:00:00Z'))).toBe(-1) // 00:00 on 01/02 VN
  })
})

describe('masking', () => {
  it('keeps four leading and two trailing digits of a CCCD', () => {
    expect(maskNationalId('001203004589')).toBe('0012******89')
    expect(maskNationalId(null)).toBeNull()
  })
  it('masks a CCCD anywhere in a subject, and leaves it out of a public one', () => {
    const dn =
      'CN=Lê Văn Cường 036089001122,SERIALNUMBER=CCCD:036089001122,UID=036089001122,O=Sở Y tế\\, tỉnh X,C=VN'
    expect(maskIds(dn)).toBe(
      'CN=Lê Văn Cường 0360******22,SERIALNUMBER=CCCD:0360******22,UID=0360******22,O=Sở Y tế\\, tỉnh X,C=VN'
    )
    expect(withoutIds(dn)).toBe('CN=Lê Văn Cường,O=Sở Y tế\\, tỉnh X,C=VN')
    // A 13-digit or 11-digit number is not a CCCD; a serial in hex is left alone.
    expect(withoutIds('CN=A,SERIALNUMBER=0123456789012')).toBe('CN=A,SERIALNUMBER=0123456789012')
  })
})

describe('cursors and ids', () => {
  it('round-trips a cursor and refuses forged ones with a 400 problem', () => {
    const cursor = encodeCursor({ key: 'nguyễn văn an', id: 'crt_1' })
    expect(decodeCursor(cursor)).toEqual({ key: 'nguyễn văn an', id: 'crt_1' })
    for (const forged of ['!!!', btoa('{"a":1}'), btoa('[1,2]'), ''])
      expect(() => decodeCursor(forged)).toThrow(
        expect.objectContaining({ status: 400, code: 'invalid-cursor' })
      )
  })
  it('makes ids that sort by time and do not collide', () => {
    const a = newId('crt', 1_700_000_000_000)
    const b = newId('crt', 1_700_000_000_001)
    expect(a < b).toBe(true)
    expect(a).toMatch(/^crt_[0-9A-Z]{26}$/)
    expect(new Set(Array.from({ length: 1000 }, () => newId('x'))).size).toBe(1000)
  })
})

describe('distinguished names', () => {
  it('spells one name one way, whatever its order and spacing', async () => {
    const { canonicalDn } = await import('../../src/lib/dn')
    const rfc = 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN'
    expect(canonicalDn('C=VN, O=Ban Cơ yếu Chính phủ, CN=CA phục vụ các cơ quan Nhà nước G2')).toBe(
      rfc
    )
    expect(canonicalDn('cn=CA phục vụ các cơ quan Nhà nước G2 ;o=Ban Cơ yếu Chính phủ; c=VN')).toBe(
      rfc
    )
    expect(canonicalDn(rfc.normalize('NFD'))).toBe(rfc)
    expect(canonicalDn('CN=Sở Y tế\\, tỉnh Minh Sơn,C=VN')).toBe('CN=Sở Y tế\\, tỉnh Minh Sơn,C=VN')
    expect(canonicalDn('OU=B,OU=A,CN=X')).toBe('CN=X,OU=B,OU=A')
    expect(canonicalDn('Smoke CA')).toBe('Smoke CA')
  })
})

describe('working days', () => {
  it('counts Monday to Friday back from a Vietnam day, to its start', () => {
    // Tuesday 01/12/2026 09:00 in Vietnam: 3 working days back is Thursday 26/11, 00:00 VN.
    expect(workingDaysBefore(new Date('2026-12-01T02:00:00Z'), 3).toISOString()).toBe(
      '2026-11-25T17:00:00.000Z'
    )
    // From a Monday, 1 working day back is the Friday before.
    expect(workingDaysBefore(new Date('2026-11-30T05:00:00Z'), 1).toISOString()).toBe(
      '2026-11-26T17:00:00.000Z'
    )
    expect(workingDaysBefore(new Date('2026-11-30T05:00:00Z'), 0).toISOString()).toBe(
      '2026-11-29T17:00:00.000Z'
    )
  })
})
