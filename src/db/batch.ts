import { Problem } from '../lib/problem'

/** A guard that aborts the batch when the statement before it changed no row. */
export const changedOrAbort = (db: D1Database) =>
  db.prepare('INSERT INTO guards (failed) SELECT 1 WHERE changes() = 0')

/** A guard that aborts the batch unless the statement before it changed exactly `expected` rows. */
export const changedExactly = (db: D1Database, expected: number) =>
  db.prepare('INSERT INTO guards (failed) SELECT 1 WHERE changes() <> ?1').bind(expected)

/** Another writer appended to the audit chain first: rebuild the entries on the new head, retry. */
export class ChainMoved extends Error {}

/** Unique indexes and what a clash on each means to a person. */
const clashes: [RegExp, () => Problem][] = [
  [
    /certificates\.serial, certificates\.issuer/,
    () =>
      new Problem(
        409,
        'duplicate-serial',
        'A certificate with this serial from this issuer is already registered.',
        [{ path: 'serial', message: 'already registered for this issuer' }]
      ),
  ],
  [
    /certificates\.fingerprint/,
    () =>
      new Problem(
        409,
        'duplicate-fingerprint',
        'A certificate with this fingerprint is already registered.',
        [{ path: 'fingerprint', message: 'already registered' }]
      ),
  ],
  [
    /certificates\.replaces_id/,
    () =>
      new Problem(
        409,
        'certificate-replaced',
        'That certificate has already been replaced by another one.'
      ),
  ],
  [
    /holders\.national_id, holders\.agency_id/,
    () =>
      new Problem(
        409,
        'duplicate-national-id',
        'Another holder in this agency is registered with this CCCD.',
        [{ path: 'nationalId', message: 'already registered for another holder in this agency' }]
      ),
  ],
  [
    /devices\.serial/,
    () =>
      new Problem(
        409,
        'duplicate-device-serial',
        'A device with this serial is already registered.',
        [{ path: 'serial', message: 'already registered' }]
      ),
  ],
  [
    /agencies\.code/,
    () =>
      new Problem(409, 'duplicate-code', 'An agency with this code already exists.', [
        { path: 'code', message: 'already used' },
      ]),
  ],
  [
    /device_assignments\.device_id/,
    () =>
      new Problem(
        409,
        'device-not-available',
        'The device was handed over to someone else at the same moment.'
      ),
  ],
  [
    /idempotency_keys/,
    () =>
      new Problem(
        409,
        'idempotency-key-in-use',
        'A request with this Idempotency-Key is being processed; retry to receive its answer.'
      ),
  ],
]

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
      throw (
        onGuard?.() ??
        new Problem(
          409,
          'concurrent-change',
          'The record changed while this request was processed; read it again and retry.'
        )
      )
    if (message.includes('UNIQUE constraint failed'))
      for (const [pattern, problem] of clashes) if (pattern.test(message)) throw problem()
    if (message.includes('FOREIGN KEY constraint failed'))
      throw new Problem(
        409,
        'reference-missing',
        'A record this change refers to does not exist (any more).'
      )
    throw error
  }
}
