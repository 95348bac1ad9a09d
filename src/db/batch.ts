import { Problem } from '../lib/problem'

/** A guard that aborts the batch when the statement before it changed no row. */
export const changedOrAbort = (db: D1Database) =>
  db.prepare('INSERT INTO guards (failed) SELECT 1 WHERE changes() = 0')

/** A guard that aborts the batch unless the statement before it changed exactly `expected` rows. */
export const changedExactly = (db: D1Database, expected: number) =>
  db.prepare('INSERT INTO guards (failed) SELECT 1 WHERE changes() <> ?1').bind(expected)

/** Another writer appended to the audit chain first: rebuild the entries on the new head, retry. */
export class ChainMoved extends Error {}

/** Unique indexes and what a clash on each means to a person (the field it names). */
const clashes: [RegExp, string, string?][] = [
  [/certificates\.serial, certificates\.issuer/, 'duplicate-serial', 'serial'],
  [/certificates\.fingerprint/, 'duplicate-fingerprint', 'fingerprint'],
  [/certificates\.replaces_id/, 'certificate-replaced'],
  [/holders\.national_id, holders\.agency_id/, 'duplicate-national-id', 'nationalId'],
  [/devices\.serial/, 'duplicate-device-serial', 'serial'],
  [/agencies\.code/, 'duplicate-code', 'code'],
  [/device_assignments\.device_id/, 'device-not-available', undefined],
  [/idempotency_keys/, 'idempotency-key-in-use'],
]

const clash = (code: string, field?: string) =>
  new Problem(
    409,
    code,
    {},
    field ? [{ path: field, code }] : undefined,
    undefined,
    undefined,
    code === 'device-not-available' ? 'device-taken' : code
  )

/**
 * Runs statements as one D1 batch (one transaction: all or nothing) and turns the database's
 * refusals into problems: a failed guard into `onGuard` (409/412: the record changed since it was
 * read), a unique clash into a 409 naming the field, a missing reference into a 409.
 */
export async function commit(
  db: D1Database,
  statements: D1PreparedStatement[],
  onGuard?: () => Problem
) {
  try {
    return await db.batch(statements)
  } catch (error) {
    const message = String((error as Error)?.message ?? error)
    if (message.includes('audit_log.seq')) throw new ChainMoved(message)
    if (message.includes('precondition-failed'))
      throw onGuard?.() ?? new Problem(409, 'concurrent-change')
    if (message.includes('UNIQUE constraint failed'))
      for (const [pattern, code, field] of clashes)
        if (pattern.test(message)) throw clash(code, field)
    if (message.includes('FOREIGN KEY constraint failed'))
      throw new Problem(409, 'reference-missing')
    throw error
  }
}
