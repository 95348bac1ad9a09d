import type { Context } from 'hono'
import type { Holder } from '../../../schemas/holder'
import { changedOrAbort } from '../../db/batch'
import { activeOfHolder, revokeAll } from '../../db/certificates'
import { heldBy } from '../../db/devices'
import { updateHolder } from '../../db/holders'
import { leaveReason } from '../../domain/holder'
import type { AppEnv } from '../../env'
import { commitChange } from '../../http/change'
import { eventTime } from '../../lib/time'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { presentCertificate } from '../certificates/present'
import { presentHolder } from './present'

/**
 * A holder leaving the registry's agencies, or moving between them: the holder's new status or
 * agency, and what it leaves behind — its active personal certificates (they name the old post:
 * to revoke, 3 for a move or transfer, 5 otherwise; revoked in the same batch when asked) and the
 * devices it holds (to take back, each with its own return record).
 */
export async function depart(
  c: Context<AppEnv>,
  before: Holder,
  change: {
    status: Holder['status']
    agencyId: string
    at?: string
    note?: string
    revokeCertificates: boolean
  },
  action: 'holder.leave' | 'holder.move'
) {
  const db = c.env.DB
  const ifMatch = checkIfMatch(c, before.version)
  const now = new Date()
  const at = eventTime(change.at, now, 'at')
  const [certificates, devices] = await Promise.all([
    activeOfHolder(db, before.id, now),
    heldBy(db, before.id),
  ])
  const after: Holder = {
    ...before,
    status: change.status,
    agencyId: change.agencyId,
    leftAt: change.status === 'in_post' ? null : at,
    version: before.version + 1,
    updatedAt: now.toISOString(),
  }
  const reasonCode = action === 'holder.move' ? 3 : leaveReason(change.status)
  const revocation = change.revokeCertificates
    ? revokeAll(db, certificates, {
        revokedAt: at,
        reasonCode,
        note: change.note ?? null,
        at: now.toISOString(),
      })
    : { revoked: [], statements: [] }
  await commitChange(
    c,
    [updateHolder(db, after, before.version), changedOrAbort(db), ...revocation.statements],
    [
      {
        action,
        entity: 'holder',
        entityId: before.id,
        before,
        after: { ...after, note: change.note ?? null },
      },
      ...revocation.revoked.map(({ before, after }) => ({
        action: 'certificate.revoke',
        entity: 'certificate',
        entityId: before.id,
        before,
        after,
      })),
    ],
    now,
    { onGuard: lostRace(ifMatch) }
  )
  const present = (list: typeof certificates) => list.map((cert) => presentCertificate(cert, now))
  return {
    body: {
      holder: presentHolder(after, c.get('principal')),
      reasonCode,
      certificatesToRevoke: change.revokeCertificates ? [] : present(certificates),
      revoked: present(revocation.revoked.map((r) => r.after)),
      devicesToTakeBack: devices,
    },
    etag: etag(after.version),
  }
}
