import { X509Certificate } from '@peculiar/x509'
import { createRoute } from '@hono/zod-openapi'
import { CrlImport, type CrlSummary } from '../../../schemas/crl'
import { admins } from '../../auth/principal'
import { changedExactly } from '../../db/batch'
import { findCrlByFingerprint, insertCrl, registeredOf, revokeListed } from '../../db/crls'
import { listIssuers } from '../../db/issuers'
import { dnKey } from '../../lib/dn'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { newId } from '../../lib/ids'
import { json, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { fileContent, readUpload } from '../../http/upload'
import { readCrl } from '../../lib/x509'

const route = createRoute({
  method: 'post',
  path: '/crls',
  tags: ['CRLs'],
  summary: "Import a CA's CRL: every listed registered certificate becomes revoked",
  description:
    "The CRL must parse and be signed by a registered issuer. Listed certificates are revoked with the CRL's time and reason; already revoked ones keep theirs (a later CRL never un-revokes). The same CRL imported twice changes nothing.",
  middleware: [admins()] as const,
  request: {
    // Several media types: each is validated only when it is the one sent.
    body: { required: false, description: 'The CRL (PEM or DER)', content: fileContent() },
  },
  responses: {
    200: json(CrlImport, 'What the import changed'),
    ...problems(401, 403, 413, 415, 422),
  },
})

export const registerImportCrl = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const file = await readCrl(await readUpload(c))
    const issuer = (await listIssuers(db)).find((i) => dnKey(i.dn) === dnKey(file.issuer))
    if (!issuer)
      throw new Problem(422, 'unknown-issuer', { issuer: file.issuer }, [
        { path: 'file', code: 'unknown-issuer', params: { issuer: file.issuer } },
      ])
    let verified = false
    for (const pem of issuer.pems)
      if (!verified) verified = await file.signedBy(new X509Certificate(pem))
    if (!verified)
      throw new Problem(422, 'crl-signature-invalid', { name: issuer.name }, [
        { path: 'file', code: 'crl-signature-invalid', params: { name: issuer.name } },
      ])

    const serials = [...new Set(file.entries.map((e) => e.serial))]
    const registered = await registeredOf(db, issuer.dn, serials)
    const held = new Set(registered.map((r) => r.serial))
    const revocable = new Set(
      file.entries.filter((e) => e.reason !== 8 && e.reason !== 6).map((e) => e.serial)
    )
    const newly = registered
      .filter((r) => r.revoked_at === null && revocable.has(r.serial))
      .map(({ id, serial }) => ({ id, serial }))
    const already = registered
      .filter((r) => r.revoked_at !== null)
      .map(({ id, serial }) => ({ id, serial }))
    const notRegistered = serials.filter((s) => !held.has(s))

    const earlier = await findCrlByFingerprint(db, file.fingerprint)
    if (earlier)
      return c.json(
        {
          crl: earlier,
          alreadyImported: true,
          newlyRevoked: [],
          alreadyRevoked: [...already, ...newly],
          notRegistered,
        },
        200
      )

    const now = new Date()
    const crl: CrlSummary = {
      id: newId('crl', now.getTime()),
      issuerId: issuer.id,
      number: file.number,
      thisUpdate: file.thisUpdate,
      nextUpdate: file.nextUpdate,
      fingerprint: file.fingerprint,
      entries: file.entries.length,
      newlyRevoked: newly.length,
      importedAt: now.toISOString(),
      importedBy: c.get('principal').id,
    }
    const note = `CRL${file.number ? ` số ${parseInt(file.number, 16)}` : ''} của ${issuer.name}, ${file.thisUpdate.slice(0, 10)}`
    await commitChange(
      c,
      // The revocations are exactly the ones read above, or nothing: a concurrent revocation aborts the batch.
      [
        ...insertCrl(db, crl, file.entries),
        revokeListed(db, crl.id, issuer.dn, note, now.toISOString()),
        changedExactly(db, newly.length),
      ],
      [
        {
          action: 'crl.import',
          entity: 'crl',
          entityId: crl.id,
          before: null,
          after: { ...crl, issuer: issuer.dn, newlyRevoked: newly.map((n) => n.id) },
        },
      ],
      now,
      {
        onGuard: () => new Problem(409, 'concurrent-change'),
      }
    )
    return c.json(
      { crl, alreadyImported: false, newlyRevoked: newly, alreadyRevoked: already, notRegistered },
      200
    )
  })
