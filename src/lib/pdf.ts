import { Problem } from './problem'

/**
 * The signatures of a PDF, found by their signature dictionaries' /ByteRange and /Contents only:
 * no object model is built, so a hostile file (deep nesting, a broken xref) costs one linear scan.
 * A range is taken only when it is well formed: four integers, starting at 0, in order, inside
 * the file, its gap exactly the /Contents hex string; anything else is refused.
 */
export interface PdfSignature {
  byteRange: [number, number, number, number]
  /** The CMS (a SignedData, or a timestamp token for a document timestamp), DER. */
  cms: Uint8Array
  subFilter: string | null
  /** A document timestamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161). */
  documentTimestamp: boolean
  /** The bytes it covers end here: the file's length when nothing was added after it. */
  covers: number
}

/** Signatures a document may carry; a file with more is refused. */
const MAX_SIGNATURES = 20
/** The /Contents of one signature: a CMS with its certificates and timestamp is a few KiB. */
const MAX_CONTENTS_HEX = 2 * 1024 * 1024

export const isPdf = (file: Uint8Array) =>
  file.length > 8 &&
  file[0] !== 0x30 && // a DER CMS (a .p7m) may carry a PDF near its start: it is the CMS
  new TextDecoder('latin1').decode(file.subarray(0, 1024)).includes('%PDF-')

const malformed = (why: string) => new Problem(422, 'document-malformed', { why })

/** The DER element at the start of `bytes`, without the zero padding a placeholder leaves. */
function derElement(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x30) throw malformed('not-der')
  let length = bytes[1]
  let header = 2
  if (length & 0x80) {
    const n = length & 0x7f
    if (n === 0 || n > 4 || bytes.length < 2 + n) throw malformed('not-der')
    length = 0
    for (let i = 0; i < n; i++) length = length * 256 + bytes[2 + i]
    header = 2 + n
  }
  if (header + length > bytes.length) throw malformed('cut-short')
  return bytes.subarray(0, header + length)
}

function hexBytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '')
  if (clean.length % 2 || !/^[0-9a-fA-F]*$/.test(clean)) throw malformed('contents-not-hex')
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** The nearest `name value` around a signature dictionary (before its /ByteRange, or after). */
function nearby(text: string, before: number, after: number, pattern: RegExp): string | null {
  const back = text.slice(Math.max(0, before - 2048), before)
  const ahead = text.slice(after, after + 2048)
  const behind = [...back.matchAll(new RegExp(pattern, 'g'))].pop()
  const next = new RegExp(pattern).exec(ahead.slice(0, ahead.indexOf('>>') + 1 || undefined))
  return next?.[1] ?? behind?.[1] ?? null
}

/** The signatures of a PDF, in the order they appear (a later revision's after an earlier's). */
export function pdfSignatures(file: Uint8Array): {
  signatures: PdfSignature[]
  encrypted: boolean
} {
  const text = new TextDecoder('latin1').decode(file)
  const encrypted = /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(text)
  const signatures: PdfSignature[] = []
  const found = /\/ByteRange\s*\[\s*([^\]]{0,80})\]/g
  for (let m = found.exec(text); m; m = found.exec(text)) {
    if (signatures.length === MAX_SIGNATURES) throw malformed('too-many')
    const numbers = m[1].trim().split(/\s+/)
    if (numbers.length !== 4 || numbers.some((n) => !/^\d{1,12}$/.test(n)))
      throw malformed('range-not-integers')
    const [a, b, c, d] = numbers.map(Number) as [number, number, number, number]
    if (a !== 0 || b <= 0 || c <= b || c + d > file.length) throw malformed('range-outside')
    if (c - b - 2 > MAX_CONTENTS_HEX) throw new Problem(413, 'signature-too-large')
    if (text[b] !== '<' || text[c - 1] !== '>') throw malformed('range-gap')
    // Each signature signs a later revision than the one before: its gap starts after the
    // bytes the previous one covers. A repeated or overlapping range is no signature.
    const previous = signatures[signatures.length - 1]
    if (previous && b < previous.covers) throw malformed('range-repeated')
    const cms = derElement(hexBytes(text.slice(b + 1, c - 1)))
    const subFilter = nearby(text, m.index, c, /\/SubFilter\s*\/([\w.]+)/)
    const type = nearby(text, m.index, c, /\/Type\s*\/(Sig|DocTimeStamp)\b/)
    signatures.push({
      byteRange: [a, b, c, d],
      cms,
      subFilter,
      documentTimestamp: type === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161',
      covers: c + d,
    })
  }
  return { signatures, encrypted }
}

/** The bytes a signature covers: its two ranges, joined. */
export const signedBytes = (file: Uint8Array, s: PdfSignature) => {
  const [a, b, c, d] = s.byteRange
  const out = new Uint8Array(b + d)
  out.set(file.subarray(a, a + b), 0)
  out.set(file.subarray(c, c + d), b)
  return out
}
