/**
 * Normalises a certificate serial to upper-case hex bytes without separators, so "01:ab:CD",
 * "01 AB CD" and "01abcd" are one serial. A serial is an integer, so the DER sign byte and other
 * leading zero bytes are dropped ("00 80 AB" -> "80AB", as X.509 libraries print it) and an odd
 * digit count is padded ("1ABCD" -> "01ABCD"). Returns null when the text is not a hex serial.
 */
export function normaliseSerial(text: string): string | null {
  let hex = text
    .trim()
    .replace(/^0x/i, '')
    .replace(/[\s:.-]/g, '')
    .toUpperCase()
  if (!/^[0-9A-F]{1,64}$/.test(hex)) return null
  if (hex.length % 2) hex = `0${hex}`
  while (hex.length > 2 && hex.startsWith('00')) hex = hex.slice(2)
  return hex
}
