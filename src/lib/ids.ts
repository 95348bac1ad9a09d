const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ' // Crockford base32: no I, L, O, U

/**
 * A new id: a short prefix naming the entity, then a ULID (48-bit time + 80 random bits), so ids
 * sort by creation time and never collide across Workers.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = ''
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = alphabet[t % 32] + time
  const random = crypto.getRandomValues(new Uint8Array(16))
  let tail = ''
  for (const byte of random) tail += alphabet[byte % 32]
  return `${prefix}_${time}${tail}`
}
