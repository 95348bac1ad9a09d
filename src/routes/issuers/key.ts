import type { IssuerKey } from '../../../schemas/issuer'
import { dnKey } from '../../lib/dn'
import { newId } from '../../lib/ids'
import type { CertificateFile } from '../../lib/x509'

/** A CA certificate read from its file, as one of an issuer's keys (and its PEM, kept). */
export async function keyOf(file: CertificateFile, now: Date) {
  const key: IssuerKey = {
    id: newId('isk', now.getTime()),
    subject: file.subject,
    fingerprint: file.fingerprint,
    serial: file.serial,
    keyId: file.keyId,
    notBefore: file.notBefore,
    notAfter: file.notAfter,
    createdAt: now.toISOString(),
  }
  return {
    key,
    pem: file.x509.toString('pem'),
    parentKey: dnKey(file.issuer),
    // Where its own issuer publishes CRLs: that issuer, when registered, learns it.
    parentUrls: { crl: file.crlUrls, ocsp: file.ocspUrls },
  }
}
