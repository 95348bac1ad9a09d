import 'reflect-metadata' // @peculiar/x509's ASN.1 schema decorators need it, before the import below
import { AsnConvert } from '@peculiar/asn1-schema'
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  Certificate as AsnCertificate,
  CRLDistributionPoints,
  SubjectKeyIdentifier,
  type GeneralName,
} from '@peculiar/asn1-x509'
import { X509Certificate } from '@peculiar/x509'
import { canonicalDn } from './dn'
import { Problem } from './problem'
import { serialFromDer } from './serial'

/** Bytes as upper-case hex, as fingerprints and key identifiers are written. */
export const toHex = (buffer: ArrayBuffer) =>
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
  /** Where its CA publishes CRLs (CRLDistributionPoints: http(s) URLs). */
  crlUrls: string[]
  /** Its CA's OCSP responders (AuthorityInfoAccess). */
  ocspUrls: string[]
  /** Its own key's identifier (a CA certificate's SKI), upper-case hex, or null. */
  keyId: string | null
  /** The key that signed it (authorityKeyIdentifier), upper-case hex, or null. */
  authorityKeyId: string | null
  /** The parsed certificate, for signature checks. */
  x509: X509Certificate
}

/** An extension's value by OID, parsed as `type`; null when absent or malformed. */
function extensionOf<T>(x509: X509Certificate, oid: string, type: new () => T): T | null {
  const ext = x509.extensions.find((e) => e.type === oid)
  try {
    return ext ? AsnConvert.parse(ext.value, type) : null
  } catch {
    return null
  }
}
const urls = (names: (GeneralName | undefined)[]) =>
  names
    .map((n) => n?.uniformResourceIdentifier)
    .filter((u): u is string => Boolean(u && /^https?:\/\//i.test(u)))

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
    crlUrls: urls(
      (extensionOf(x509, '2.5.29.31', CRLDistributionPoints) ?? []).flatMap(
        (dp) => dp.distributionPoint?.fullName ?? []
      )
    ),
    ocspUrls: urls(
      (extensionOf(x509, '1.3.6.1.5.5.7.1.1', AuthorityInfoAccessSyntax) ?? [])
        .filter((a) => a.accessMethod === '1.3.6.1.5.5.7.48.1')
        .map((a) => a.accessLocation)
    ),
    keyId: (() => {
      const ski = extensionOf(x509, '2.5.29.14', SubjectKeyIdentifier)
      return ski ? toHex(ski.buffer) : null
    })(),
    authorityKeyId: (() => {
      const id = extensionOf(x509, '2.5.29.35', AuthorityKeyIdentifier)?.keyIdentifier
      return id ? toHex(id.buffer) : null
    })(),
    x509,
  }
}
