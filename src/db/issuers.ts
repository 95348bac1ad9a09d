import type { Issuer, IssuerKey } from '../../schemas/issuer'
import { dnKey } from '../lib/dn'

interface IssuerRow {
  id: string
  name: string
  dn: string
  aliases: string
  crl_urls: string
  ocsp_urls: string
  crl_this_update: string | null
  crl_next_update: string | null
  crl_seq: number
  fetch_failures: number
  fetch_etag: string | null
  fetch_last_modified: string | null
  version: number
  created_at: string
  updated_at: string
  keys: string
}

/**
 * A registered issuer with what the Worker needs beside it: its keys' certificates (PEM), for
 * verifying what it signed; its CRL import sequence; and the fetch's conditional-request state.
 */
export type IssuerWithKeys = Issuer & {
  pems: string[]
  crlSeq: number
  fetchEtag: string | null
  fetchLastModified: string | null
}

/** An issuer as the API shows it. */
export const publicIssuer = ({
  pems: _p,
  crlSeq: _s,
  fetchEtag: _e,
  fetchLastModified: _m,
  ...issuer
}: IssuerWithKeys): Issuer => issuer

const toIssuer = (r: IssuerRow): IssuerWithKeys => {
  const keys = JSON.parse(r.keys) as (IssuerKey & { pem: string })[]
  return {
    id: r.id,
    name: r.name,
    dn: r.dn,
    aliases: JSON.parse(r.aliases),
    keys: keys.map(({ pem: _, ...key }) => ({ ...key, subject: r.dn })),
    crlUrls: JSON.parse(r.crl_urls),
    ocspUrls: JSON.parse(r.ocsp_urls),
    crlThisUpdate: r.crl_this_update,
    crlNextUpdate: r.crl_next_update,
    fetchFailures: r.fetch_failures,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    pems: keys.map((k) => k.pem),
    crlSeq: r.crl_seq,
    fetchEtag: r.fetch_etag,
    fetchLastModified: r.fetch_last_modified,
  }
}

const select = `SELECT i.*, (SELECT json_group_array(json_object('id', k.id, 'fingerprint', k.fingerprint,
    'serial', k.serial, 'keyId', k.key_id, 'notBefore', k.not_before, 'notAfter', k.not_after,
    'createdAt', k.created_at, 'pem', k.certificate))
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

/**
 * Inserts one of an issuer's keys (a CA certificate, PEM), with its serial and its own issuer's
 * name key (so that CA's CRL can revoke it) and its key identifier (so a CRL's AKI finds it).
 */
export const insertIssuerKey = (
  db: D1Database,
  issuerId: string,
  k: IssuerKey,
  pem: string,
  parentKey: string
) =>
  db
    .prepare(
      `INSERT INTO issuer_keys (id, issuer_id, certificate, fingerprint, not_before, not_after, created_at, serial, key_id, parent_key)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`
    )
    .bind(
      k.id,
      issuerId,
      pem,
      k.fingerprint,
      k.notBefore,
      k.notAfter,
      k.createdAt,
      k.serial,
      k.keyId,
      parentKey
    )

/**
 * Adds the URLs a certificate names (its CA's CRL distribution points and OCSP responders) to the
 * issuer that name resolves to: how the scheduled fetch learns where to look. Nothing when the
 * issuer is not registered or already knows them.
 */
export const learnUrls = (
  db: D1Database,
  issuerDnKey: string,
  urls: { crl: string[]; ocsp: string[] }
) =>
  db
    .prepare(
      `UPDATE issuers SET
         crl_urls = (SELECT json_group_array(u) FROM (SELECT value AS u FROM json_each(issuers.crl_urls)
                     UNION SELECT value FROM json_each(?2))),
         ocsp_urls = (SELECT json_group_array(u) FROM (SELECT value AS u FROM json_each(issuers.ocsp_urls)
                     UNION SELECT value FROM json_each(?3)))
       WHERE dn_key = ?1 AND (EXISTS (SELECT 1 FROM json_each(?2) WHERE value NOT IN (SELECT value FROM json_each(issuers.crl_urls)))
         OR EXISTS (SELECT 1 FROM json_each(?3) WHERE value NOT IN (SELECT value FROM json_each(issuers.ocsp_urls))))`
    )
    .bind(issuerDnKey, JSON.stringify(urls.crl.slice(0, 5)), JSON.stringify(urls.ocsp.slice(0, 5)))

/** Saves an issuer's name, aliases and CRL/OCSP URLs if still at `expected` version. */
export const updateIssuer = (db: D1Database, i: Issuer, expected: number) =>
  db
    .prepare(
      `UPDATE issuers SET name = ?2, aliases = ?3, crl_urls = ?6, ocsp_urls = ?7, version = version + 1, updated_at = ?4
       WHERE id = ?1 AND version = ?5`
    )
    .bind(
      i.id,
      i.name,
      JSON.stringify(i.aliases),
      i.updatedAt,
      expected,
      JSON.stringify(i.crlUrls),
      JSON.stringify(i.ocspUrls)
    )
