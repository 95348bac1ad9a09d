import { env } from 'cloudflare:test'
import { DAY_MS } from '../../src/lib/time'
import { insertCertificate, type CertificateRecord } from '../../src/db/certificates'

/** 08:00 Vietnam time (the cron's 01:00 UTC) on a given VN date. */
export const morning = (ymd: string) => new Date(`${ymd}T01:00:00.000Z`)
export const addDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS)

let n = 0
/** A certificate written straight to D1 (the scan tests need hundreds with chosen dates). */
export async function plantCertificate(
  holder: { id: string; agencyId: string; fullName: string },
  notAfter: Date,
  fields: Partial<CertificateRecord> = {}
) {
  const id = `crt_PLANT${String(++n).padStart(21, '0')}`
  const record: CertificateRecord = {
    id,
    kind: 'personal',
    serial: (0x100000 + n).toString(16).toUpperCase(),
    issuer: 'CN=CA,C=VN',
    subject: `CN=${holder.fullName}`,
    holderId: holder.id,
    agencyId: holder.agencyId,
    deviceId: null,
    notBefore: new Date(notAfter.getTime() - 3 * 365 * DAY_MS).toISOString(),
    notAfter: notAfter.toISOString(),
    fingerprint: null,
    replacesId: null,
    replacement: null,
    replacedById: null,
    revokedAt: null,
    reasonCode: null,
    invalidityDate: null,
    revocationNote: null,
    holdAt: null,
    revokedBy: null,
    note: null,
    version: 1,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...fields,
  }
  await insertCertificate(env.DB, record, holder.fullName).run()
  if (record.revokedAt)
    await env.DB.prepare('UPDATE certificates SET revoked_at = ?2, reason_code = ?3 WHERE id = ?1')
      .bind(id, record.revokedAt, record.reasonCode ?? 0)
      .run()
  return record
}
