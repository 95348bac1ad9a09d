/** A console session with what it stands for, if the key or user behind it is still live. */
export interface SessionRow {
  id: string
  csrf: string
  local: number
  credential: string | null
  key_id: string | null
  key_name: string | null
  key_role: string | null
  key_agency: string | null
  user_id: string | null
  user_name: string | null
  user_role: string | null
  user_agency: string | null
}

/** The session with this token hash, unexpired, and only while its key or user is live. */
export function findSession(db: D1Database, id: string, now: Date) {
  return db
    .prepare(
      `SELECT s.id, s.csrf, s.local, s.credential, k.id AS key_id, k.name AS key_name, k.role AS key_role, k.agency_id AS key_agency,
              u.id AS user_id, u.name AS user_name, u.role AS user_role, u.agency_id AS user_agency
       FROM sessions s
       LEFT JOIN api_keys k ON k.id = s.key_id AND k.revoked_at IS NULL
       LEFT JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
       WHERE s.id = ?1 AND s.expires_at > ?2 AND (s.local = 1 OR k.id IS NOT NULL OR u.id IS NOT NULL)`
    )
    .bind(id, now.toISOString())
    .first<SessionRow>()
}

/** Opens a session for a key, a user or the local admin. */
export const insertSession = (
  db: D1Database,
  s: {
    id: string
    keyId: string | null
    userId: string | null
    local: boolean
    /** For a session opened with ADMIN_TOKEN: a hash of it (rotating the token ends the session). */
    credential: string | null
    csrf: string
    at: Date
    hours: number
  }
) =>
  db
    .prepare(
      'INSERT INTO sessions (id, key_id, user_id, local, csrf, created_at, expires_at, credential) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)'
    )
    .bind(
      s.id,
      s.keyId,
      s.userId,
      s.local ? 1 : 0,
      s.csrf,
      s.at.toISOString(),
      new Date(s.at.getTime() + s.hours * 3600_000).toISOString(),
      s.credential
    )

/** Ends a session, and sweeps expired ones while at it. */
export const deleteSession = (db: D1Database, id: string, now: Date) =>
  db.prepare('DELETE FROM sessions WHERE id = ?1 OR expires_at <= ?2').bind(id, now.toISOString())

/** Counts a failed sign-in of a client on a day (no audit entry: a flood must not grow the log). */
export const countFailedSignIn = (db: D1Database, day: string, client: string, at: string) =>
  db
    .prepare(
      `INSERT INTO signin_failures (day, client, n, last) VALUES (?1, ?2, 1, ?3)
       ON CONFLICT (day, client) DO UPDATE SET n = n + 1, last = excluded.last`
    )
    .bind(day, client, at)
