import type { User } from '../../schemas/access'

interface UserRow {
  id: string
  email: string
  name: string
  role: User['role']
  agency_id: string | null
  created_at: string
  disabled_at: string | null
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  agencyId: r.agency_id,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
})

/** The enabled user with this e-mail (any case), or null. */
export async function findActiveUser(db: D1Database, email: string) {
  const row = await db
    .prepare('SELECT * FROM users WHERE email = ?1 AND disabled_at IS NULL')
    .bind(email)
    .first<UserRow>()
  return row && toUser(row)
}

/** The user with this id, or null. */
export async function findUser(db: D1Database, id: string) {
  const row = await db.prepare('SELECT * FROM users WHERE id = ?1').bind(id).first<UserRow>()
  return row && toUser(row)
}

/** Every user, by e-mail. */
export async function listUsers(db: D1Database) {
  const { results } = await db.prepare('SELECT * FROM users ORDER BY email').all<UserRow>()
  return results.map(toUser)
}

/** Inserts a user. */
export const insertUser = (db: D1Database, u: User) =>
  db
    .prepare(
      'INSERT INTO users (id, email, name, role, agency_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)'
    )
    .bind(u.id, u.email.toLowerCase(), u.name, u.role, u.agencyId, u.createdAt)

/** Disables a user that is still enabled (0 rows changed = already disabled). */
export const disableUser = (db: D1Database, id: string, at: string) =>
  db.prepare('UPDATE users SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL').bind(id, at)
