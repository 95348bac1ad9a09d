import type { Certificate } from '../../../schemas/certificate'
import type { CertificateRecord } from '../../db/certificates'
import { certificateStatus, daysLeft } from '../../domain/lifecycle'
import { reasonOf } from '../../domain/reasons'

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
