import type { Issuer, IssuerKey } from '../../schemas/issuer'
import { dnKey } from '../lib/dn'

interface IssuerRow {
  id: string
  name: string
  dn: string
  aliases: string
  version: number
  created_at: string
  updated_at: string
  keys: string
}

/** A registered issuer with its keys' certificates (PEM), for verifying what it signed. */
export type IssuerWithKeys = Issuer & { pems: string[] }

const toIssuer = (r: IssuerRow): IssuerWithKeys => {
  const keys = JSON.parse(r.keys) as (IssuerKey & { pem: string })[]
  return {
    id: r.id,
    name: r.name,
    dn: r.dn,
    aliases: JSON.parse(r.aliases),
    keys: keys.map(({ pem: _, ...key }) => ({ ...key, subject: r.dn })),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    pems: keys.map((k) => k.pem),
  }
}

const select = `SELECT i.*, (SELECT json_group_array(json_object('id', k.id, 'fingerprint', k.fingerprint,
    'notBefore', k.not_before, 'notAfter', k.not_after, 'createdAt', k.created_at, 'pem', k.certificate))
    FROM (SELECT * FROM issuer_keys WHERE issuer_id = i.id ORDER BY not_after) k) AS keys
  FROM issuers i`

/**
 * Every registered issuer with its keys. Issuers are few (a province deals with one or two CAs,
 * a handful of names), so names are matched against all of them in the Worker.
 */
export async function listIssuers(db: D1Database) {
  const { results } = await db.prepare(`${select} ORDER BY i.name`).all<IssuerRow>()
  return results.map(toIssuer)
}

/** The issuer with this id, or null. */
export async function findIssuer(db: D1Database, id: string) {
  const row = await db.prepare(`${select} WHERE i.id = ?1`).bind(id).first<IssuerRow>()
  return row && toIssuer(row)
}

/** Inserts an issuer (its name's comparison key is unique: one record per CA name). */
export const insertIssuer = (db: D1Database, i: Issuer) =>
  db
    .prepare(
      `INSERT INTO issuers (id, name, dn, dn_key, aliases, version, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)`
    )
    .bind(i.id, i.name, i.dn, dnKey(i.dn), JSON.stringify(i.aliases), i.version, i.createdAt)

/** Inserts one of an issuer's keys (a CA certificate, PEM). */
export const insertIssuerKey = (db: D1Database, issuerId: string, k: IssuerKey, pem: string) =>
  db
    .prepare(
      `INSERT INTO issuer_keys (id, issuer_id, certificate, fingerprint, not_before, not_after, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`
    )
    .bind(k.id, issuerId, pem, k.fingerprint, k.notBefore, k.notAfter, k.createdAt)

/** Saves an issuer's name and aliases if still at `expected` version. */
export const updateIssuer = (db: D1Database, i: Issuer, expected: number) =>
  db
    .prepare(
      `UPDATE issuers SET name = ?2, aliases = ?3, version = version + 1, updated_at = ?4
       WHERE id = ?1 AND version = ?5`
    )
    .bind(i.id, i.name, JSON.stringify(i.aliases), i.updatedAt, expected)
