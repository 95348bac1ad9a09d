import 'reflect-metadata' // @peculiar/x509's ASN.1 schema decorators need it, before the imports below
import { AsnConvert } from '@peculiar/asn1-schema'
import {
  CertificateIssuer,
  CertificateList,
  CRLReason,
  InvalidityDate,
  IssuingDistributionPoint,
  type Extension,
  type Time,
} from '@peculiar/asn1-x509'
import { Name, X509Certificate, X509Crl } from '@peculiar/x509'
import { canonicalDn } from './dn'
import { Problem } from './problem'
import { serialFromDer } from './serial'
import { der, MAX_CRL_BYTES, toHex } from './x509'

/** One entry of a CRL, with the CA it is about (an indirect CRL's entries may name another CA). */
export interface CrlEntry {
  serial: string
  /** The canonical name of the CA that issued the listed certificate. */
  issuer: string
  revokedAt: string
  /** RFC 5280 reason code as the CA wrote it: 6 certificateHold, 8 removeFromCRL; 0 when absent. */
  reason: number
  invalidityDate: string | null
}

/** Whether a CRL lists every revoked certificate of its CA, or part of them, or changes (a delta). */
export type CrlScope = 'complete' | 'partial' | 'delta'

export interface CrlFile {
  issuer: string
  thisUpdate: string
  nextUpdate: string | null
  /** The CRL number (upper-case hex of the integer, as serials are written), or null. */
  number: string | null
  /** For a delta CRL: the number of the complete CRL it applies on top of. */
  deltaBase: string | null
  scope: CrlScope
  indirect: boolean
  /** The signing key's identifier (authorityKeyIdentifier), upper-case hex, or null. */
  authorityKeyId: string | null
  fingerprint: string
  entries: CrlEntry[]
  /** The signature algorithm, as WebCrypto names it (or its OID when it has no WebCrypto name). */
  algorithm: string
  /** Whether `ca`'s key signed this CRL; 'unsupported' when the algorithm cannot be checked here. */
  verify: (ca: X509Certificate) => Promise<boolean | 'unsupported'>
}

/** The CRL extensions RFC 5280 §5.2 defines, which the registry reads or may safely ignore. */
const CRL_EXTENSIONS = new Set([
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.18', // issuerAltName
  '2.5.29.20', // cRLNumber
  '2.5.29.27', // deltaCRLIndicator
  '2.5.29.28', // issuingDistributionPoint
  '2.5.29.46', // freshestCRL
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
  '2.5.29.60', // expiredCertsOnCRL (X.509)
])
/** The entry extensions of RFC 5280 §5.3. */
const ENTRY_EXTENSIONS = new Set([
  '2.5.29.21', // reasonCode
  '2.5.29.23', // holdInstructionCode
  '2.5.29.24', // invalidityDate
  '2.5.29.29', // certificateIssuer
])
/** Signature algorithms WebCrypto (so the Worker) verifies. DSA, for one, it does not. */
const VERIFIABLE = new Set(['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'ECDSA'])

const refuse = (code: string, params: Record<string, string> = {}) =>
  new Problem(422, code, params, [{ path: 'file', code, params }])

const timeOf = (t: Time) => t.getTime().toISOString()
const extension = (exts: Extension[] | undefined, oid: string) =>
  exts?.find((e) => e.extnID === oid)
const valueOf = (e: Extension) => e.extnValue.buffer
/** An extension's INTEGER (a CRL number, a delta's base), as upper-case hex of its magnitude. */
const integerOf = (e: Extension | undefined) => {
  if (!e) return null
  const bytes = new Uint8Array(valueOf(e))
  if (bytes[0] !== 0x02) return null
  return serialFromDer(bytes.subarray(2, 2 + bytes[1]))
}
const nameOf = (e: Extension) => {
  const names = AsnConvert.parse(valueOf(e), CertificateIssuer)
  const dn = names.find((n) => n.directoryName)?.directoryName
  return dn ? canonicalDn(new Name(dn).toString()) : null
}

/**
 * Reads a CRL (PEM or DER) as RFC 5280 §5 and §6.3 have it: signed serials, the CA each entry is
 * about (an indirect CRL's certificateIssuer carries over to the entries after it), every reason as
 * written, invalidity dates, delta and scope. A CRL or an entry with a critical extension the
 * registry does not know is refused (RFC 5280: it must not be used), as is anything that is not a
 * well-formed CRL or is over the size limit: each a 4xx problem naming why, never an exception.
 */
export async function readCrl(bytes: Uint8Array): Promise<CrlFile> {
  if (bytes.length > MAX_CRL_BYTES)
    throw new Problem(413, 'file-too-large', { limit: MAX_CRL_BYTES / 1024 }, [
      { path: 'file', code: 'file-too-large', params: { limit: MAX_CRL_BYTES / 1024 } },
    ])
  let crl: X509Crl
  let list: CertificateList
  try {
    crl = new X509Crl(der(bytes, 'X509 CRL'))
    list = AsnConvert.parse(crl.rawData, CertificateList)
  } catch {
    throw refuse('not-a-crl')
  }
  const tbs = list.tbsCertList
  const exts = tbs.crlExtensions ?? []
  const unknown = exts.find((e) => e.critical && !CRL_EXTENSIONS.has(e.extnID))
  if (unknown) throw refuse('crl-critical-extension', { oid: unknown.extnID })

  const issuer = canonicalDn(crl.issuer)
  const idpExt = extension(exts, '2.5.29.28')
  const idp = idpExt ? AsnConvert.parse(valueOf(idpExt), IssuingDistributionPoint) : null
  const deltaBase = integerOf(extension(exts, '2.5.29.27'))
  const partial = Boolean(
    idp &&
    (idp.distributionPoint ||
      idp.onlySomeReasons ||
      idp.onlyContainsUserCerts ||
      idp.onlyContainsCACerts ||
      idp.onlyContainsAttributeCerts)
  )
  const aki = extension(exts, '2.5.29.35')
  // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, … }
  const akiBytes = aki ? new Uint8Array(valueOf(aki)) : null
  const authorityKeyId =
    akiBytes && akiBytes[2] === 0x80 ? toHex(akiBytes.slice(4, 4 + akiBytes[3]).buffer) : null

  let entryIssuer = issuer
  const entries: CrlEntry[] = []
  for (const entry of tbs.revokedCertificates ?? []) {
    const entryExts = entry.crlEntryExtensions ?? []
    const strange = entryExts.find((e) => e.critical && !ENTRY_EXTENSIONS.has(e.extnID))
    if (strange) throw refuse('crl-critical-extension', { oid: strange.extnID })
    const certificateIssuer = extension(entryExts, '2.5.29.29')
    // Only an indirect CRL may speak of another CA's certificates (RFC 5280 §5.3.3).
    if (certificateIssuer && idp?.indirectCRL)
      entryIssuer = nameOf(certificateIssuer) ?? entryIssuer
    const reason = extension(entryExts, '2.5.29.21')
    const invalidity = extension(entryExts, '2.5.29.24')
    entries.push({
      serial: serialFromDer(new Uint8Array(entry.userCertificate)),
      issuer: entryIssuer,
      revokedAt: timeOf(entry.revocationDate),
      reason: reason ? AsnConvert.parse(valueOf(reason), CRLReason).reason : 0,
      invalidityDate: invalidity
        ? AsnConvert.parse(valueOf(invalidity), InvalidityDate).value.toISOString()
        : null,
    })
  }

  const algorithm = (crl.signatureAlgorithm as unknown as { name: string }).name
  return {
    issuer,
    thisUpdate: timeOf(tbs.thisUpdate),
    nextUpdate: tbs.nextUpdate ? timeOf(tbs.nextUpdate) : null,
    number: integerOf(extension(exts, '2.5.29.20')),
    deltaBase,
    scope: deltaBase ? 'delta' : partial ? 'partial' : 'complete',
    indirect: Boolean(idp?.indirectCRL),
    authorityKeyId,
    fingerprint: toHex(await crl.getThumbprint('SHA-256')),
    entries,
    algorithm: VERIFIABLE.has(algorithm) ? algorithm : algorithmName(algorithm),
    // The CA's public key, not its certificate: given a certificate, @peculiar/x509 takes the
    // algorithm that signed the CA certificate (RSA, for an ECDSA CA under an RSA root) instead of
    // the CRL's. A key of another type makes it throw: not signed by it.
    verify: async (ca) =>
      VERIFIABLE.has(algorithm)
        ? crl.verify({ publicKey: ca.publicKey }).catch(() => false)
        : 'unsupported',
  }
}

/** A readable name for a signature algorithm WebCrypto lacks. */
function algorithmName(oid: string) {
  if (oid.startsWith('2.16.840.1.101.3.4.3.') || oid === '1.2.840.10040.4.3') return 'DSA'
  return oid
}

/**
 * The order of CRL numbers (non-negative integers of up to 20 octets, as hex): a fixed-width key
 * that sorts as the numbers do.
 */
export const numberKey = (hex: string | null) => (hex === null ? null : hex.padStart(42, '0'))
