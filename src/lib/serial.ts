/**
 * Certificate serials are DER INTEGERs: signed (RFC 5280 §4.1.2.2 asks CAs for positive ones, but
 * negative serials exist, and -1 must never be 255). The registry writes a serial in one
 * canonical spelling: the upper-case hex of its magnitude, an even number of digits without a
 * leading zero byte, and a '-' before a negative one. 255 is "FF", -1 is "-01", 0x80AB is "80AB"
 * (its DER has the sign byte: 00 80 AB).
 */

const magnitude = (hex: string) => {
  let h = hex.length % 2 ? `0${hex}` : hex
  while (h.length > 2 && h.startsWith('00')) h = h.slice(2)
  return h
}

/**
 * Normalises a serial as people write it: hex with or without separators (":", spaces, "." and
 * "-" between digits), "0x" or not, upper or lower case, a leading "-" for a negative one. So
 * "01:ab:CD", "01 AB CD" and "01abcd" are one serial, and "00 80 AB" (the DER bytes, as Windows
 * shows them) is 80AB. Returns null when the text is not a hex serial of at most 32 bytes.
 */
export function normaliseSerial(text: string): string | null {
  const trimmed = text.trim()
  const negative = /^-\s*(?:0x)?[0-9a-f]/i.test(trimmed)
  const hex = (negative ? trimmed.replace(/^-\s*/, '') : trimmed)
    .replace(/^0x/i, '')
    .replace(/[\s:.-]/g, '')
    .toUpperCase()
  if (!/^[0-9A-F]{1,64}$/.test(hex)) return null
  const m = magnitude(hex)
  return negative && m !== '00' ? `-${m}` : m
}

/** The canonical spelling of a DER INTEGER's content octets (two's complement, big-endian). */
export function serialFromDer(bytes: Uint8Array): string {
  if (!bytes.length) return '00'
  const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  if (!(bytes[0] & 0x80)) return magnitude(hex(bytes).toUpperCase())
  // Negative: the magnitude is the two's complement (invert, add one).
  const out = bytes.map((b) => ~b & 0xff)
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = (out[i] + 1) & 0xff
    if (out[i] !== 0) break
  }
  return `-${magnitude(hex(out).toUpperCase())}`
}

/** The DER INTEGER content octets of a canonical serial (two's complement, big-endian). */
export function serialToDer(serial: string): Uint8Array {
  const negative = serial.startsWith('-')
  const hex = negative ? serial.slice(1) : serial
  let bytes = Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)))
  if (!negative) return bytes[0] & 0x80 ? Uint8Array.of(0, ...bytes) : bytes
  // Negative: two's complement of the magnitude (invert, add one), with a sign bit set.
  bytes = bytes.map((b) => ~b & 0xff)
  for (let i = bytes.length - 1; i >= 0; i--) {
    bytes[i] = (bytes[i] + 1) & 0xff
    if (bytes[i] !== 0) break
  }
  return bytes[0] & 0x80 ? bytes : Uint8Array.of(0xff, ...bytes)
}
