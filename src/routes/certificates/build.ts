import type { CertificateCreate } from '../../../schemas/certificate'
import type { CertificateRecord } from '../../db/certificates'
import { assertAgencyActive } from '../../domain/agency'
import { assertCanCarry } from '../../domain/custody'
import { invalidField } from '../../lib/problem'
import { newId } from '../../lib/ids'
import { referencedAgency, referencedDevice, referencedHolder } from '../lookups'

/** A personal certificate belongs to a person; an organisation certificate to the agency itself. */
const holderKindFor = { personal: 'person', organisation: 'organisation' } as const

/**
 * Resolves and checks what a new certificate refers to (holder, agency, device) and builds its
 * record. The agency defaults to the holder's; a device that is lost or retired carries no new
 * certificate. Validity rules are checked by the caller, which knows whether this is a renewal.
 */
export async function newCertificate(
  db: D1Database,
  input: Omit<CertificateCreate, 'replacesId'>,
  now: Date,
  replacesId: string | null = null
) {
  const holder = await referencedHolder(db, 'holderId', input.holderId)
  if (holder.kind !== holderKindFor[input.kind])
    throw invalidField(
      'holderId',
      `a ${input.kind} certificate needs a holder of kind ${holderKindFor[input.kind]}`
    )
  const agency = await referencedAgency(db, 'agencyId', input.agencyId ?? holder.agencyId)
  assertAgencyActive(agency)
  if (input.deviceId) {
    assertCanCarry(await referencedDevice(db, 'deviceId', input.deviceId))
  }
  const record: CertificateRecord = {
    id: newId('crt', now.getTime()),
    kind: input.kind,
    serial: input.serial,
    issuer: input.issuer,
    subject: input.subject,
    holderId: holder.id,
    agencyId: agency.id,
    deviceId: input.deviceId ?? null,
    notBefore: input.notBefore,
    notAfter: input.notAfter,
    fingerprint: input.fingerprint ?? null,
    replacesId,
    replacedById: null,
    revokedAt: null,
    reasonCode: null,
    revocationNote: null,
    note: input.note ?? null,
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }
  return { record, holder }
}
