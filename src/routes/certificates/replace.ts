import type { CertificateRecord } from '../../db/certificates'
import { linkSuccessor } from '../../db/certificates'
import { changedOrAbort } from '../../db/batch'
import { replacementRefusal, supersession, type Replacement } from '../../domain/lifecycle'
import { enforce } from '../../domain/refusal'
import type { Change } from '../../http/change'

/**
 * The statements and audit entries that make `next` replace `old` in the way `how` says, after
 * the replacement rules hold: the link (only if `old` is unchanged since read and not replaced),
 * and after a change of details or a device re-issue the revocation of `old` (4, superseded).
 */
export function replacement(
  db: D1Database,
  old: CertificateRecord,
  next: CertificateRecord,
  how: Replacement,
  now: Date
) {
  enforce(replacementRefusal(old, next, how, now))
  const revoked = supersession(old, next, how, now)
  const supersede = revoked && {
    ...revoked,
    note: `Thay thế bởi chứng thư số ${next.serial} / superseded by ${next.serial}`,
  }
  const after: CertificateRecord = {
    ...old,
    replacedById: next.id,
    ...(supersede
      ? {
          revokedAt: supersede.revokedAt,
          reasonCode: supersede.reasonCode,
          revocationNote: supersede.note,
        }
      : {}),
    version: old.version + 1,
    updatedAt: next.createdAt,
  }
  const change: Change = {
    action: how === 'renewal' ? 'certificate.renew' : 'certificate.replace',
    entity: 'certificate',
    entityId: old.id,
    before: old,
    after,
  }
  return {
    statements: [linkSuccessor(db, old, next, supersede), changedOrAbort(db)],
    change,
  }
}
