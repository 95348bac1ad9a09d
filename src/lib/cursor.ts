import { Problem } from './problem'

/** A keyset position in a sorted list: the sort key and id of the last row handed out. */
export interface Cursor {
  key: string
  id: string
}

/** Encodes a position as opaque base64url text. */
export function encodeCursor(cursor: Cursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([cursor.key, cursor.id]))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

/** A sort key of several columns, as one cursor key. */
export const joinedKey = (parts: string[]) => JSON.stringify(parts)

/** The columns of a joinedKey of `n` columns; anything else is a 400 like a bad cursor. */
export function keyParts(key: string, n: number): string[] {
  try {
    const value = JSON.parse(key)
    if (Array.isArray(value) && value.length === n && value.every((v) => typeof v === 'string'))
      return value
  } catch {
    // fall through to the problem below
  }
  throw invalidCursor()
}

/** Decodes a cursor from a client; anything not made by encodeCursor is a 400. */
export function decodeCursor(text: string): Cursor {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    const value = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)))
    )
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return { key: value[0], id: value[1] }
  } catch {
    // fall through to the problem below
  }
  throw invalidCursor()
}

const invalidCursor = () =>
  new Problem(
    400,
    'invalid-cursor',
    {},
    [{ path: 'cursor', code: 'invalid-cursor' }],
    undefined,
    undefined,
    'invalid-field'
  )
