import type { CertificateCreate } from '../../../schemas/certificate'
import { carriedBy, type CertificateRecord } from '../../db/certificates'
import { listIssuers } from '../../db/issuers'
import { recordsBySerial } from '../../db/status'
import { agencyRefusal } from '../../domain/agency'
import { placementRefusal } from '../../domain/custody'
import { holderKindRefusal, holderRefusal } from '../../domain/holder'
import { recordedIssuer, serialClashRefusal } from '../../domain/issuers'
import type { Replacement } from '../../domain/lifecycle'
import { enforce, firstOf } from '../../domain/refusal'
import { newId } from '../../lib/ids'
import { referencedAgency, referencedDevice, referencedHolder } from '../lookups'

/**
 * Resolves and checks what a new certificate refers to and builds its record: its holder (of the
 * kind the certificate needs, still in post), its agency (the holder's by default, still active),
 * its device (one that may carry it), and its issuer, written as the registered issuer writes
 * itself (so a serial is never registered twice because of spelling). Validity rules are checked
 * by the caller, which knows whether this is a new issue, a renewal or a re-issue.
 */
export async function newCertificate(
  db: D1Database,
  input: Omit<CertificateCreate, 'replacesId' | 'replacement'>,
  now: Date,
  replaces: { id: string; how: Replacement } | null = null
) {
  const [holder, issuers, sameSerial] = await Promise.all([
    referencedHolder(db, 'holderId', input.holderId),
    listIssuers(db),
    recordsBySerial(db, input.serial),
  ])
  const agency = await referencedAgency(db, 'agencyId', input.agencyId ?? holder.agencyId)
  const issuer = recordedIssuer(issuers, input.issuer)
  enforce(
    firstOf(
      holderKindRefusal(holder, input.kind),
      holderRefusal(holder),
      agencyRefusal(agency),
      serialClashRefusal(
        issuers,
        input.serial,
        issuer,
        sameSerial.map((r) => r.issuer)
      )
    )
  )
  if (input.deviceId) {
    const device = await referencedDevice(db, 'deviceId', input.deviceId)
    enforce(
      placementRefusal(
        device,
        { kind: input.kind, holderId: holder.id },
        await carriedBy(db, device.id, now)
      )
    )
  }
  const record: CertificateRecord = {
    id: newId('crt', now.getTime()),
    kind: input.kind,
    serial: input.serial,
    issuer,
    subject: input.subject,
    holderId: holder.id,
    agencyId: agency.id,
    deviceId: input.deviceId ?? null,
    notBefore: input.notBefore,
    notAfter: input.notAfter,
    fingerprint: input.fingerprint ?? null,
    replacesId: replaces?.id ?? null,
    replacement: replaces?.how ?? null,
    replacedById: null,
    revokedAt: null,
    reasonCode: null,
    invalidityDate: null,
    revocationNote: null,
    holdAt: null,
    revokedBy: null,
    note: input.note ?? null,
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }
  return { record, holder }
}
