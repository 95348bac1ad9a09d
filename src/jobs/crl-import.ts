import type { CrlImport, CrlSummary } from '../../schemas/crl'
import { commitAudited } from '../db/audit'
import { changedExactly } from '../db/batch'
import {
  advanceIssuer,
  applyToCertificates,
  caRevocationsOf,
  findCrlByFingerprint,
  insertCrl,
  registeredOf,
  seriesOf,
  writeCaRevocations,
} from '../db/crls'
import { listIssuers, type IssuerWithKeys } from '../db/issuers'
import { crlOrderRefusal, HOLD, planCrl, type CaRevocation } from '../domain/crl'
import { resolveIssuer } from '../domain/issuers'
import { enforce } from '../domain/refusal'
import { auditKeys } from '../lib/audit-keys'
import { numberKey, readCrl, type CrlFile } from '../lib/crl'
import { newId } from '../lib/ids'
import { Problem } from '../lib/problem'
import { X509Certificate } from '@peculiar/x509'

/** Who imports, and how the CRL came: uploaded by the department, or fetched on schedule. */
export interface ImportMeta {
  principal: string
  requestId: string
  source: 'upload' | 'fetch'
  at: Date
}

/** Listed serials named in an answer at most (the counts are whole). */
const LISTED = 1000

const refuse = (code: string, params: Record<string, string>) =>
  new Problem(422, code, params, [{ path: 'file', code, params }])

/** A CRL number as people read it (decimal), from its hex. */
const decimal = (hex: string | null) => (hex === null ? '' : BigInt(`0x${hex}`).toString())

/**
 * The issuer key that signed the CRL: the one its authorityKeyIdentifier names first, then any
 * other (a key registered before identifiers were kept). Refuses a CRL no key verifies, and one
 * signed with an algorithm the Worker cannot check (DSA), saying which.
 */
async function signingKey(file: CrlFile, issuer: IssuerWithKeys) {
  const keys = issuer.keys.map((key, i) => ({ key, pem: issuer.pems[i] }))
  keys.sort(
    (a, b) =>
      Number(b.key.keyId === file.authorityKeyId) - Number(a.key.keyId === file.authorityKeyId)
  )
  for (const { key, pem } of keys) {
    const verified = await file.verify(new X509Certificate(pem))
    if (verified === 'unsupported')
      throw refuse('crl-algorithm-unsupported', { algorithm: file.algorithm })
    if (verified) return key
  }
  throw refuse('crl-signature-invalid', { name: issuer.name })
}

/**
 * Imports a CRL of a registered CA, as RFC 5280 has it: verified with one of the CA's keys, in
 * order (never older than the one held; a delta only on its base), its entries applied to what the
 * CA said before (revocations final, holds and their release, indirect entries to the CA they
 * name), and the registered certificates brought in line, all in one audited batch. The same CRL
 * twice changes nothing. (Each newly revoked certificate's agency gets a notice: migration 0012's
 * trigger, as for every revocation.)
 */
export async function importCrl(env: Env, bytes: Uint8Array, meta: ImportMeta): Promise<CrlImport> {
  const db = env.DB
  const file = await readCrl(bytes)
  const issuers = await listIssuers(db)
  const issuer = resolveIssuer(issuers, file.issuer)
  if (!issuer) throw refuse('unknown-issuer', { issuer: file.issuer })
  const key = await signingKey(file, issuer)
  const stale = (file.nextUpdate ?? file.thisUpdate) < meta.at.toISOString()

  const earlier = await findCrlByFingerprint(db, file.fingerprint)
  if (earlier)
    return {
      crl: earlier,
      alreadyImported: true,
      stale,
      newlyRevoked: [],
      held: [],
      released: [],
      alreadyRevoked: [],
      notRegistered: [],
      notRegisteredCount: 0,
      unknownIssuers: [],
    }

  const number = numberKey(file.number)
  const series = await seriesOf(
    db,
    issuer.id,
    key.id,
    file.deltaBase && number ? { base: numberKey(file.deltaBase)!, number } : null
  )
  enforce(
    crlOrderRefusal(
      {
        numberKey: number,
        thisUpdate: file.thisUpdate,
        scope: file.scope,
        baseKey: decimal(file.deltaBase),
      },
      series.newestComplete,
      series.newestDelta,
      series.baseHeld
    )
  )

  // What the CA said before, of every CA this CRL speaks of.
  const resolve = (name: string) => resolveIssuer(issuers, name)?.id ?? null
  const targets = [
    ...new Set([
      issuer.id,
      ...file.entries.map((e) => resolve(e.issuer)).filter((id) => id !== null),
    ]),
  ]
  const current = await caRevocationsOf(db, targets)
  const plan = planCrl(
    file,
    { issuerId: issuer.id, keyId: key.id },
    resolve,
    (issuerId, serial) => current.get(issuerId)?.get(serial),
    (issuerId) => current.get(issuerId)?.values() ?? []
  )

  const crlId = newId('crl', meta.at.getTime())
  const at = meta.at.toISOString()
  const note = `CRL${file.number ? ` số ${decimal(file.number)}` : ''} của ${issuer.name}, ${file.thisUpdate.slice(0, 10)}`
  const statements: D1PreparedStatement[] = []
  const outcome = {
    newlyRevoked: [] as { id: string; serial: string }[],
    held: [] as { id: string; serial: string }[],
    released: [] as { id: string; serial: string }[],
    alreadyRevoked: [] as { id: string; serial: string }[],
    notRegistered: [] as string[],
  }
  for (const target of targets) {
    const dn = issuers.find((i) => i.id === target)!.dn
    const upserts = plan.upserts.filter((u) => u.issuerId === target)
    const releases = plan.releases.filter((r) => r.issuerId === target).map((r) => r.serial)
    const revoke = upserts.filter((u) => u.reasonCode !== HOLD)
    const hold = upserts.filter((u) => u.reasonCode === HOLD)
    const registered = new Map(
      (await registeredOf(db, dn, [...upserts.map((u) => u.serial), ...releases])).map((r) => [
        r.serial,
        r,
      ])
    )
    const ref = (serial: string) => ({ id: registered.get(serial)!.id, serial })
    for (const u of revoke) {
      const r = registered.get(u.serial)
      if (!r) outcome.notRegistered.push(u.serial)
      else (r.revoked_at ? outcome.alreadyRevoked : outcome.newlyRevoked).push(ref(u.serial))
    }
    for (const u of hold) {
      const r = registered.get(u.serial)
      if (!r) outcome.notRegistered.push(u.serial)
      else if (!r.revoked_at && !r.hold_at) outcome.held.push(ref(u.serial))
    }
    for (const serial of releases)
      if (registered.get(serial)?.hold_at) outcome.released.push(ref(serial))
    statements.push(
      ...applyToCertificates(db, crlId, dn, { revoke, hold, release: releases }, note, at)
    )
  }

  const crl: CrlSummary = {
    id: crlId,
    issuerId: issuer.id,
    number: file.number,
    thisUpdate: file.thisUpdate,
    nextUpdate: file.nextUpdate,
    fingerprint: file.fingerprint,
    entries: file.entries.length,
    scope: file.scope,
    deltaBase: file.deltaBase,
    indirect: file.indirect,
    keyId: key.id,
    source: meta.source,
    newlyRevoked: outcome.newlyRevoked.length,
    held: outcome.held.length,
    released: outcome.released.length,
    importedAt: at,
    importedBy: meta.principal,
  }
  const { signer } = await auditKeys(env)
  await commitAudited(
    db,
    signer,
    [
      // A concurrent import of the same issuer moved its state on: this batch writes nothing.
      advanceIssuer(db, issuer.id, issuer.crlSeq, file.thisUpdate, file.nextUpdate),
      changedExactly(db, 1),
      insertCrl(db, crl, number),
      ...writeCaRevocations(
        db,
        crlId,
        plan.upserts as (CaRevocation & { issuerId: string })[],
        plan.releases
      ),
      ...statements,
    ],
    [
      {
        at,
        principal: meta.principal,
        action: 'crl.import',
        entity: 'crl',
        entityId: crlId,
        before: null,
        after: {
          ...crl,
          issuer: issuer.dn,
          newlyRevoked: outcome.newlyRevoked.slice(0, 200).map((r) => r.id),
          held: outcome.held.slice(0, 200).map((r) => r.id),
          released: outcome.released.slice(0, 200).map((r) => r.id),
          notRegistered: outcome.notRegistered.length,
          unknownIssuers: plan.unknownIssuers,
        },
        requestId: meta.requestId,
      },
    ],
    [],
    () => new Problem(409, 'crl-concurrent-import')
  )
  return {
    crl,
    alreadyImported: false,
    stale,
    ...outcome,
    notRegistered: outcome.notRegistered.slice(0, LISTED),
    notRegisteredCount: outcome.notRegistered.length,
    unknownIssuers: plan.unknownIssuers,
  }
}
