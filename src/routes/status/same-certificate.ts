import { listIssuers } from '../../db/issuers'
import type { Language, StatusRecord } from '../../domain/status'
import { dnKey } from '../../lib/dn'
import { publicKeyOf, type CertificateFile } from '../../lib/x509'

/**
 * Whether an uploaded file is the certificate registered under its serial: the same SHA-256
 * fingerprint as the record; or, where the record has none, a signature that verifies with a
 * registered key of its issuer (a certificate made by one's own CA under the issuer's name, with a
 * registered serial copied from a signed document, fails both).
 */
export async function sameCertificate(
  db: D1Database,
  record: StatusRecord,
  file: CertificateFile,
  issuers?: Awaited<ReturnType<typeof listIssuers>>
) {
  if (record.fingerprint !== null) {
    const same = record.fingerprint === file.fingerprint
    return { same, fingerprint: same, signature: null }
  }
  const signature = await signedByRegisteredKey(db, file, record.issuer, issuers)
  return { same: signature, fingerprint: null, signature }
}

/** Whether a certificate's signature verifies with a registered key of the issuer it names. */
export async function signedByRegisteredKey(
  db: D1Database,
  file: CertificateFile,
  issuerDn: string,
  issuers?: Awaited<ReturnType<typeof listIssuers>>
) {
  const known = issuers ?? (await listIssuers(db))
  const issuer = known.find((i) => dnKey(i.dn) === dnKey(issuerDn))
  for (const pem of issuer?.pems ?? [])
    if (await file.x509.verify({ publicKey: await publicKeyOf(pem) }).catch(() => false))
      return true
  return false
}

/** The verdict of a file that is not the registered certificate. */
export const mismatchVerdict = (lang: Language) =>
  lang === 'vi'
    ? 'Tệp này không phải chứng thư số đã đăng ký với số hiệu này: không thể dùng để xác nhận chữ ký'
    : 'This file is not the certificate registered under this serial: it cannot vouch for a signature'
