import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { Problem } from './problem'

/**
 * CMS SignedData (RFC 5652) read and checked, not trusted: for each signer, whether the content's
 * digest is the one it signed, whether its signature verifies with its certificate's key, the
 * time it claims (signingTime), and an RFC 3161 timestamp over its signature when it carries one.
 * Whom the signer is, and whether it may be believed, is the registry's question (domain/document).
 */

const SIGNED_DATA = '1.2.840.113549.1.7.2'
const TST_INFO = '1.2.840.113549.1.9.16.1.4'
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4'
const SIGNING_TIME = '1.2.840.113549.1.9.5'
const SIGNATURE_TIMESTAMP = '1.2.840.113549.1.9.16.2.14'

const DIGESTS: Record<string, { name: string; weak: boolean }> = {
  '1.3.14.3.2.26': { name: 'SHA-1', weak: true },
  '2.16.840.1.101.3.4.2.1': { name: 'SHA-256', weak: false },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA-384', weak: false },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA-512', weak: false },
}

/** Signature algorithms WebCrypto can check, by OID: RSA PKCS#1 v1.5, RSA-PSS, ECDSA. */
const ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.5': 'RSA',
  '1.2.840.113549.1.1.11': 'RSA',
  '1.2.840.113549.1.1.12': 'RSA',
  '1.2.840.113549.1.1.13': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.2.1': 'ECDSA',
  '1.2.840.10045.4.1': 'ECDSA',
  '1.2.840.10045.4.3.2': 'ECDSA',
  '1.2.840.10045.4.3.3': 'ECDSA',
  '1.2.840.10045.4.3.4': 'ECDSA',
}

/** Signers of one SignedData read at most. */
const MAX_SIGNERS = 5

/** A signer whose structure could not be read: nothing about it can be vouched for. */
const unreadable: CmsSignature = {
  signer: null,
  digest: null,
  algorithm: null,
  intact: null,
  signatureVerifies: null,
  signingTime: null,
  timestamp: null,
  weak: false,
  unsupported: 'malformed signer information',
}

/** An RFC 3161 timestamp token, checked against the bytes it stamps. */
export interface TimestampRead {
  genTime: string
  /** The token's message imprint is the digest of the stamped bytes. */
  imprintMatches: boolean
  /** The token's own signature verifies with the TSA certificate it carries. */
  signatureVerifies: boolean
  /** The TSA's certificate (DER), when the token carries it. */
  tsa: Uint8Array | null
}

/** One signer of a SignedData, as checked. */
export interface CmsSignature {
  /** The signer's certificate (DER), found among the certificates the CMS carries. */
  signer: Uint8Array | null
  digest: string | null
  algorithm: string | null
  /** The content's digest is the one signed (null: no content to compare). */
  intact: boolean | null
  /** The signature verifies with the signer's key (null: no certificate, or cannot be checked). */
  signatureVerifies: boolean | null
  /** The signingTime attribute: what the signer claims, proven by nothing. */
  signingTime: string | null
  timestamp: TimestampRead | null
  /** SHA-1: weak. */
  weak: boolean
  /** Why it could not be checked (an algorithm WebCrypto lacks), or null. */
  unsupported: string | null
}

const bytes = (view: ArrayBuffer | ArrayBufferView) =>
  view instanceof ArrayBuffer
    ? new Uint8Array(view)
    : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)

const digestOf = async (name: string, data: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest(name, data))

const equal = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i])

/** An OCTET STRING's bytes, constructed (BER, in pieces) or not. */
function octets(value: asn1js.OctetString): Uint8Array {
  if (!value.idBlock.isConstructed) return bytes(value.valueBlock.valueHexView)
  const pieces = (value.valueBlock.value as asn1js.OctetString[]).map(octets)
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of pieces) out.set(p, (at += p.length) - p.length)
  return out
}

/** The SignedData of a ContentInfo; a Problem when the bytes are something else. */
function signedDataOf(der: Uint8Array): pkijs.SignedData {
  try {
    const info = pkijs.ContentInfo.fromBER(der)
    if (info.contentType !== SIGNED_DATA) throw new Error('not SignedData')
    return new pkijs.SignedData({ schema: info.content })
  } catch {
    throw new Problem(422, 'signature-unreadable')
  }
}

/** The certificate a SignerInfo names (issuer and serial, or subject key identifier). */
function signerCertificate(sd: pkijs.SignedData, info: pkijs.SignerInfo) {
  const certificates = (sd.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate
  )
  const sid = info.sid
  if (sid instanceof pkijs.IssuerAndSerialNumber)
    return (
      certificates.find(
        (c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)
      ) ?? null
    )
  const keyId = bytes((sid as asn1js.OctetString).valueBlock?.valueHexView ?? new Uint8Array())
  return (
    certificates.find((c) => {
      const ski = c.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as
        asn1js.OctetString | undefined
      return ski && equal(bytes(ski.valueBlock.valueHexView), keyId)
    }) ?? null
  )
}

const attribute = (attrs: pkijs.SignedAndUnsignedAttributes | undefined, oid: string) =>
  attrs?.attributes.find((a) => a.type === oid)?.values[0]

/**
 * Reads a CMS SignedData (DER) and checks each signer over `detached` (the content, for a
 * detached signature) or the content it encapsulates. Answers the content and the signers.
 */
export async function readSignedData(
  der: Uint8Array,
  detached: Uint8Array | null
): Promise<{ content: Uint8Array | null; signatures: CmsSignature[] }> {
  const sd = signedDataOf(der)
  const eContent = sd.encapContentInfo.eContent
  const content = detached ?? (eContent ? octets(eContent) : null)
  const signatures: CmsSignature[] = []
  // Each digest of the content is computed once, however many signers use it.
  const digests = new Map<string, Promise<Uint8Array>>()
  const digestOfContent = (name: string) => {
    if (!digests.has(name)) digests.set(name, digestOf(name, content!))
    return digests.get(name)!
  }
  for (const info of sd.signerInfos.slice(0, MAX_SIGNERS))
    signatures.push(await checkSigner(sd, info, content, digestOfContent).catch(() => unreadable))
  return { content, signatures }
}

async function checkSigner(
  sd: pkijs.SignedData,
  info: pkijs.SignerInfo,
  content: Uint8Array | null,
  digestOfContent: (name: string) => Promise<Uint8Array>
): Promise<CmsSignature> {
  const certificate = signerCertificate(sd, info)
  const digest = DIGESTS[info.digestAlgorithm.algorithmId] ?? null
  const algorithm = ALGORITHMS[info.signatureAlgorithm.algorithmId] ?? null
  const signed = info.signedAttrs
  const time = attribute(signed, SIGNING_TIME)
  const claimedAt =
    time instanceof asn1js.UTCTime || time instanceof asn1js.GeneralizedTime ? time.toDate() : null
  const stamp = attribute(info.unsignedAttrs, SIGNATURE_TIMESTAMP)
  const answer: CmsSignature = {
    signer: certificate ? bytes(certificate.toSchema().toBER(false)) : null,
    digest: digest?.name ?? null,
    algorithm,
    intact: null,
    signatureVerifies: null,
    signingTime: claimedAt && !Number.isNaN(claimedAt.getTime()) ? claimedAt.toISOString() : null,
    timestamp: null,
    weak: digest?.weak ?? false,
    unsupported: !digest
      ? `digest ${info.digestAlgorithm.algorithmId}`
      : !algorithm
        ? `signature ${info.signatureAlgorithm.algorithmId}`
        : null,
  }
  if (!digest) return answer
  // What was signed: the signed attributes (as a SET), or the content itself without them.
  const signedBytes = signed ? bytes(signed.encodedValue) : content
  if (content && signed) {
    const claimed = attribute(signed, MESSAGE_DIGEST)
    answer.intact =
      claimed instanceof asn1js.OctetString &&
      equal(octets(claimed), await digestOfContent(digest.name))
  }
  if (certificate && algorithm && signedBytes)
    answer.signatureVerifies = await pkijs
      .getCrypto(true)
      .verifyWithPublicKey(
        signedBytes,
        info.signature,
        certificate.subjectPublicKeyInfo,
        info.signatureAlgorithm,
        digest.name
      )
      .catch(() => {
        answer.unsupported = `signature ${info.signatureAlgorithm.algorithmId}`
        return null
      })
  if (!signed && content) answer.intact = answer.signatureVerifies
  if (stamp)
    answer.timestamp = await readTimestamp(
      bytes(stamp.toBER(false)),
      bytes(info.signature.valueBlock.valueHexView)
    ).catch(() => null)
  return answer
}

/**
 * Reads an RFC 3161 timestamp token (a ContentInfo holding SignedData over a TSTInfo) and checks
 * it against the bytes it stamps: its imprint, and its own signature.
 */
export async function readTimestamp(der: Uint8Array, stamped: Uint8Array): Promise<TimestampRead> {
  try {
    return await timestampOf(der, stamped)
  } catch (error) {
    if (error instanceof Problem) throw error
    throw new Problem(422, 'signature-unreadable')
  }
}

async function timestampOf(der: Uint8Array, stamped: Uint8Array): Promise<TimestampRead> {
  const sd = signedDataOf(der)
  const eContent = sd.encapContentInfo.eContent
  if (sd.encapContentInfo.eContentType !== TST_INFO || !eContent)
    throw new Problem(422, 'signature-unreadable')
  const tst = pkijs.TSTInfo.fromBER(octets(eContent))
  const hash = DIGESTS[tst.messageImprint.hashAlgorithm.algorithmId]
  const imprint = bytes(tst.messageImprint.hashedMessage.valueBlock.valueHexView)
  const [token] = (await readSignedData(der, null)).signatures
  if (Number.isNaN(tst.genTime.getTime())) throw new Problem(422, 'signature-unreadable')
  return {
    genTime: tst.genTime.toISOString(),
    imprintMatches: !!hash && equal(imprint, await digestOf(hash.name, stamped)),
    signatureVerifies: !!token && token.intact === true && token.signatureVerifies === true,
    tsa: token?.signer ?? null,
  }
}
