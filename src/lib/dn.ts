/** Attribute types in the order people read a name (RFC 4514's most specific first). */
const ORDER = [
  'CN',
  'SERIALNUMBER',
  'UID',
  'E',
  'EMAILADDRESS',
  'T',
  'TITLE',
  'OU',
  'O',
  'STREET',
  'L',
  'ST',
  'C',
  'DC',
]
const ALIASES: Record<string, string> = {
  '2.5.4.5': 'SERIALNUMBER',
  '1.2.840.113549.1.9.1': 'E',
  EMAILADDRESS: 'E',
  S: 'ST',
}

/** Splits a DN at commas (or semicolons) that are neither escaped nor inside quotes. */
function components(dn: string): string[] {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i]
    if (ch === '\\' && i + 1 < dn.length) {
      current += ch + dn[++i]
      continue
    }
    if (ch === '"') quoted = !quoted
    if ((ch === ',' || ch === ';') && !quoted) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts.map((p) => p.trim()).filter(Boolean)
}

/**
 * One text for one distinguished name, however it was written: "C=VN, O=Ban Cơ yếu Chính phủ,
 * CN=CA…" (the order in the certificate, as X.509 libraries print it) and "CN=CA…,O=Ban Cơ yếu
 * Chính phủ,C=VN" (RFC 4514 order, as people and OpenSSL write it) both become the latter:
 * attribute types upper-case, most specific first, no spaces around separators, Unicode NFC.
 * Text that is not a DN (no "TYPE=value" parts) is kept as it is, trimmed.
 */
export function canonicalDn(text: string): string {
  const parts = components(text.normalize('NFC'))
  const pairs = parts.map((part) => {
    const eq = part.indexOf('=')
    if (eq <= 0) return null
    const type = part.slice(0, eq).trim().toUpperCase()
    return { type: ALIASES[type] ?? type, value: part.slice(eq + 1).trim() }
  })
  if (!pairs.length || pairs.some((p) => p === null)) return text.trim()
  const rank = (type: string) => (ORDER.includes(type) ? ORDER.indexOf(type) : ORDER.length)
  return (pairs as { type: string; value: string }[])
    .map((p, index) => ({ ...p, index }))
    .sort((a, b) => rank(a.type) - rank(b.type) || a.index - b.index)
    .map((p) => `${p.type}=${p.value}`)
    .join(',')
}

/**
 * A name as RFC 5280 §7.1 compares names (with RFC 4518's preparation): the canonical spelling
 * above, each value Unicode-normalised (NFKC), case-folded, and its spaces trimmed and collapsed.
 * "CN=CA  phục vụ,O=BAN CƠ YẾU" and "cn=ca phục vụ, o=Ban Cơ yếu" have one key. Text that is not a
 * DN (an alias such as "Ban Cơ yếu Chính phủ") is compared the same way.
 */
export function dnKey(text: string): string {
  const prepare = (value: string) =>
    value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
  const canonical = canonicalDn(text)
  const parts = components(canonical)
  if (!parts.every((p) => p.indexOf('=') > 0)) return prepare(canonical)
  return parts
    .map((p) => `${p.slice(0, p.indexOf('='))}=${prepare(p.slice(p.indexOf('=') + 1))}`)
    .join(',')
}
