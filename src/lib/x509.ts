import 'reflect-metadata' // @peculiar/x509's ASN.1 schema decorators need it, before the import below
import { AsnConvert } from '@peculiar/asn1-schema'
import { Certificate as AsnCertificate, CertificateList } from '@peculiar/asn1-x509'
import { X509Certificate, X509Crl } from '@peculiar/x509'
import { canonicalDn } from './dn'
import { Problem } from './problem'
import { normaliseSerial, serialFromDer } from './serial'

const toHex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()

/** A certificate file is a few KiB; anything larger is refused before it is parsed. */
export const MAX_CERTIFICATE_BYTES = 16 * 1024
/** A CRL: a national CA's lists hundreds of thousands of serials, some MiB. */
export const MAX_CRL_BYTES = 20 * 1024 * 1024

/** The public key of a CA certificate (PEM), to verify what it signed. */
export const publicKeyOf = async (pem: string) => new X509Certificate(pem).publicKey

/** What the registry takes from a certificate file. */
export interface CertificateFile {
  serial: string
  issuer: string
  subject: string
  notBefore: string
  notAfter: string
  fingerprint: string
  /** The parsed certificate, for signature checks. */
  x509: X509Certificate
}

/**
 * Bytes of a PEM or DER upload: the first PEM block with the label, decoded, or the bytes as they
 * are. Linear in the upload (two indexOf, no backtracking pattern).
 */
export function der(bytes: Uint8Array, label: 'CERTIFICATE' | 'X509 CRL'): Uint8Array {
  const text = new TextDecoder().decode(bytes.subarray(0, 64))
  if (!text.includes('-----BEGIN')) return bytes
  const pem = new TextDecoder().decode(bytes)
  const begin = `-----BEGIN ${label}-----`
  const start = pem.indexOf(begin)
  const end = start < 0 ? -1 : pem.indexOf(`-----END ${label}-----`, start + begin.length)
  if (end < 0) throw new Error(`no ${label} block`)
  return Uint8Array.from(atob(pem.slice(start + begin.length, end).replace(/\s+/g, '')), (ch) =>
    ch.charCodeAt(0)
  )
}

/**
 * Reads a certificate (PEM or DER, as .cer/.crt/.pem files come). Anything that is not a whole,
 * well-formed X.509 certificate is a 422 problem, never an exception.
 */
export async function readCertificate(bytes: Uint8Array): Promise<CertificateFile> {
  if (bytes.length > MAX_CERTIFICATE_BYTES)
    throw new Problem(413, 'file-too-large', { limit: MAX_CERTIFICATE_BYTES / 1024 }, [
      { path: 'file', code: 'file-too-large', params: { limit: MAX_CERTIFICATE_BYTES / 1024 } },
    ])
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(der(bytes, 'CERTIFICATE'))
  } catch {
    throw new Problem(422, 'not-a-certificate', {}, [{ path: 'file', code: 'not-a-certificate' }])
  }
  return {
    // The serial from the DER (signed), not x509.serialNumber, which drops the sign.
    serial: serialFromDer(
      new Uint8Array(AsnConvert.parse(x509.rawData, AsnCertificate).tbsCertificate.serialNumber)
    ),
    issuer: canonicalDn(x509.issuer),
    subject: canonicalDn(x509.subject),
    notBefore: x509.notBefore.toISOString(),
    notAfter: x509.notAfter.toISOString(),
    fingerprint: toHex(await x509.getThumbprint('SHA-256')),
    x509,
  }
}

export interface CrlEntry {
  serial: string
  revokedAt: string
  /** The RFC 5280 reason code as the CA wrote it (0 when the entry carries none). */
  reason: number
}

export interface CrlFile {
  issuer: string
  thisUpdate: string
  nextUpdate: string | null
  /** The CRL number extension, as upper-case hex, or null. */
  number: string | null
  fingerprint: string
  entries: CrlEntry[]
  /** Whether the CA certificate given signed this CRL (false for a key of another kind too). */
  signedBy: (ca: X509Certificate) => Promise<boolean>
}

/** Decodes the CRL number extension's INTEGER (DER: 02 len bytes). */
function crlNumber(crl: X509Crl): string | null {
  const ext = crl.extensions.find((e) => e.type === '2.5.29.20')
  if (!ext) return null
  const bytes = new Uint8Array(ext.value)
  if (bytes[0] !== 0x02) return null
  return normaliseSerial(toHex(bytes.slice(2, 2 + bytes[1]).buffer))
}

/** Reads a CRL (PEM or DER); anything else is a 422 problem. */
export async function readCrl(bytes: Uint8Array): Promise<CrlFile> {
  if (bytes.length > MAX_CRL_BYTES)
    throw new Problem(413, 'file-too-large', { limit: MAX_CRL_BYTES / 1024 }, [
      { path: 'file', code: 'file-too-large', params: { limit: MAX_CRL_BYTES / 1024 } },
    ])
  let crl: X509Crl
  try {
    crl = new X509Crl(der(bytes, 'X509 CRL'))
    void crl.entries
  } catch {
    throw new Problem(422, 'not-a-crl', {}, [{ path: 'file', code: 'not-a-crl' }])
  }
  const rawSerials = (
    AsnConvert.parse(crl.rawData, CertificateList).tbsCertList.revokedCertificates ?? []
  ).map((e) => e.userCertificate)
  return {
    issuer: canonicalDn(crl.issuer),
    thisUpdate: crl.thisUpdate.toISOString(),
    nextUpdate: crl.nextUpdate?.toISOString() ?? null,
    number: crlNumber(crl),
    fingerprint: toHex(await crl.getThumbprint('SHA-256')),
    entries: crl.entries.map((e, i) => ({
      serial: serialFromDer(new Uint8Array(rawSerials[i])),
      revokedAt: e.revocationDate.toISOString(),
      reason: e.reason ?? 0,
    })),
    // Pass the CA's public key, not its certificate: given a certificate, @peculiar/x509 2.2 takes
    // the algorithm that signed the CA certificate (RSA, for an ECDSA CA under an RSA root) instead
    // of the CRL's, and an ECDSA CRL never verifies. A key of the wrong type makes it throw.
    signedBy: (ca) => crl.verify({ publicKey: ca.publicKey }).catch(() => false),
  }
}
