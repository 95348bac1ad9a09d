import type { Certificate } from '../../../schemas/certificate'
import type { CertificateRecord } from '../../db/certificates'
import { certificateStatus, daysLeft } from '../../domain/lifecycle'
import { maskIds } from '../../domain/masking'
import { reasonOf } from '../../domain/reasons'
import type { Principal } from '../../env'

/** A certificate as answers carry it: the stored record plus what the clock derives from it. */
export function presentCertificate(record: CertificateRecord, now: Date): Certificate {
  const { reasonCode, ...stored } = record
  return {
    ...stored,
    status: certificateStatus(record, now),
    daysLeft: daysLeft(record.notAfter, now),
    reason: reasonOf(reasonCode),
  }
}

/** A certificate as this principal may see it: a CCCD in its subject whole only for admins. */
export const forViewer = <T extends { subject: string }>(cert: T, principal: Principal): T =>
  principal.role === 'admin' ? cert : { ...cert, subject: maskIds(cert.subject) }
