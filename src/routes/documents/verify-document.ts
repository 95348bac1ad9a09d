import { recordsBySerial } from '../../db/status'
import { freshness, tsaRevoked } from '../../domain/ca-word'
import {
  documentVerdict,
  reasonText,
  signatureVerdict,
  verdictText,
  type Reason,
  type SignatureFacts,
} from '../../domain/document'
import { withoutIds } from '../../domain/masking'
import {
  publicStatus,
  type Language,
  type PublicStatus,
  type StatusRecord,
} from '../../domain/status'
import { readSignedData, readTimestamp, type CmsSignature, type TimestampRead } from '../../lib/cms'
import { isPdf, pdfSignatures, signedBytes } from '../../lib/pdf'
import { Problem } from '../../lib/problem'
import { sha256Hex } from '../../lib/secrets'
import { readCertificate, type CertificateFile } from '../../lib/x509'
import { caContexts, readIssuers } from '../status/ca'
import { listIssuers } from '../../db/issuers'
import { pickRecord } from '../status/pick'
import { sameCertificate, signedByRegisteredKey } from '../status/same-certificate'

/** What is read of a signed document: every signature, checked, and what the registry says. */
export interface DocumentInput {
  file: Uint8Array
  /** The signed content of a detached CMS signature (.p7s). */
  content: Uint8Array | null
}

const TIME_STAMPING = '1.3.6.1.5.5.7.3.8'

type Signed = { cms: CmsSignature; kind: 'signature'; covers: number | null; byteStart: number }
type Stamp = { stamp: TimestampRead; kind: 'document-timestamp'; covers: number; byteStart: number }

/** PEM-armoured CMS (PKCS7 / CMS headers) as DER; DER as it is. */
function cmsBytes(file: Uint8Array): Uint8Array | null {
  if (file[0] === 0x30) return file
  const text = new TextDecoder('latin1').decode(file.subarray(0, 64 * 1024 * 1024))
  const pem = /-----BEGIN (?:PKCS7|CMS)-----([A-Za-z0-9+/=\s]+)-----END (?:PKCS7|CMS)-----/.exec(
    text
  )
  if (!pem) return null
  try {
    return Uint8Array.from(atob(pem[1].replace(/\s+/g, '')), (c) => c.charCodeAt(0))
  } catch {
    return null
  }
}

/** A document's signatures as read and checked, before the registry is asked. */
async function readDocument({ file, content }: DocumentInput) {
  if (isPdf(file)) {
    const { signatures, encrypted } = pdfSignatures(file)
    if (encrypted) throw new Problem(422, 'document-encrypted')
    const read: (Signed | Stamp)[] = []
    for (const s of signatures) {
      const data = signedBytes(file, s)
      if (s.documentTimestamp)
        read.push({
          kind: 'document-timestamp',
          stamp: await readTimestamp(s.cms, data),
          covers: s.covers,
          byteStart: s.byteRange[1],
        })
      else
        for (const cms of (await readSignedData(s.cms, data)).signatures)
          read.push({ kind: 'signature', cms, covers: s.covers, byteStart: s.byteRange[1] })
    }
    return { type: 'pdf' as const, read, length: file.length }
  }
  const der = cmsBytes(file)
  if (!der) throw new Problem(422, 'document-unrecognised')
  const { content: signed, signatures } = await readSignedData(der, content)
  if (!signed) throw new Problem(422, 'detached-content-missing')
  const read: Signed[] = signatures.map((cms) => ({
    kind: 'signature',
    cms,
    covers: null,
    byteStart: 0,
  }))
  return { type: 'cms' as const, read, length: file.length }
}

/** The registered issuers, read once for a whole document however many signatures it has. */
function knownIssuers(db: D1Database) {
  let states: ReturnType<typeof readIssuers> | undefined
  let keys: ReturnType<typeof listIssuers> | undefined
  return {
    states: () => (states ??= readIssuers(db)),
    keys: () => (keys ??= listIssuers(db)),
  }
}
type Known = ReturnType<typeof knownIssuers>

/** The registry's record of a signer certificate, and whether the file is that certificate. */
async function registryOf(db: D1Database, der: Uint8Array, known: Known) {
  let file: CertificateFile
  try {
    file = await readCertificate(der)
  } catch {
    return null
  }
  const [records, issuers] = await Promise.all([recordsBySerial(db, file.serial), known.states()])
  let record: StatusRecord | null = null
  try {
    record = pickRecord(records, file.serial, file.issuer, issuers)
  } catch {
    record = null
  }
  const same = record ? (await sameCertificate(db, record, file, await known.keys())).same : false
  const [ca] = await caContexts(db, issuers, [{ serial: file.serial, issuer: file.issuer, record }])
  return { file, record, same, ca }
}

/**
 * Whether a timestamp's TSA is one the registry trusts: its certificate was valid when it stamped,
 * is meant for stamping, a registered key issued it, and its CA had not revoked it by then (see
 * tsaRevoked: the CA's CRL as imported).
 */
async function trustedTsa(db: D1Database, stamp: TimestampRead | null, known: Known) {
  if (!stamp?.tsa || !stamp.imprintMatches || !stamp.signatureVerifies) return false
  const tsa = await readCertificate(stamp.tsa).catch(() => null)
  if (!tsa) return false
  const eku = tsa.x509.extensions.find((e) => e.type === '2.5.29.37') as
    { usages?: string[] } | undefined
  const inValidity = tsa.notBefore <= stamp.genTime && stamp.genTime <= tsa.notAfter
  if (!inValidity || !eku?.usages?.includes(TIME_STAMPING)) return false
  if (!(await signedByRegisteredKey(db, tsa, tsa.issuer, await known.keys()))) return false
  const [ca] = await caContexts(db, await known.states(), [
    { serial: tsa.serial, issuer: tsa.issuer, record: null },
  ])
  return !tsaRevoked(ca, tsa.notBefore, stamp.genTime)
}

const statusAt = (r: Awaited<ReturnType<typeof registryOf>>, at: string | null) =>
  r?.record && at ? publicStatus(r.record, new Date(at), r.ca) : null

const words = (codes: Reason[], lang: Language) =>
  codes.map((code) => ({ code, text: reasonText(code, lang) }))

/**
 * Verifies a signed document against the registry: every signature's integrity and signer, the
 * moment it signed (proven by a registered TSA's timestamp, or only claimed), the signer's status
 * then and now, and the verdict per signature and for the document. Reads the file in memory and
 * keeps nothing; only its SHA-256 is answered.
 */
export async function verifyDocument(
  db: D1Database,
  input: DocumentInput,
  now: Date,
  lang: Language
) {
  // Whatever a hostile file does to the readers, the answer is a refusal, never a failure.
  const known = knownIssuers(db)
  const doc = await readDocument(input).catch((error) => {
    if (error instanceof Problem) throw error
    throw new Problem(422, 'document-malformed', { why: 'unreadable' })
  })
  // Document timestamps that verify, from a registered TSA: each proves the bytes before it existed.
  const proofs: { time: string; before: number }[] = []
  for (const r of doc.read)
    if (r.kind === 'document-timestamp' && (await trustedTsa(db, r.stamp, known)))
      proofs.push({ time: r.stamp.genTime, before: r.byteStart })
  // Only a signature vouches for the bytes it covers; a document timestamp proves they existed.
  const cover = (kind: 'signature' | 'document-timestamp') =>
    Math.max(0, ...doc.read.filter((r) => r.kind === kind).map((r) => r.covers ?? doc.length))
  const signed = cover('signature')
  const stamped = cover('document-timestamp')
  const signatures = []
  for (const [i, r] of doc.read.entries()) {
    const after: SignatureFacts['after'] =
      r.covers === null || r.covers === doc.length
        ? 'none'
        : signed === doc.length
          ? 'signed'
          : 'unsigned'
    signatures.push(
      r.kind === 'document-timestamp'
        ? await stampAnswer(db, r, i, after, lang, known)
        : await signatureAnswer(db, r, i, after, proofs, now, lang, known)
    )
  }
  const hasSignature = doc.read.some((r) => r.kind === 'signature')
  const tail =
    doc.type !== 'pdf' || !hasSignature || signed === doc.length
      ? ('none' as const)
      : stamped === doc.length
        ? ('timestamped' as const)
        : ('unsigned' as const)
  const overall = documentVerdict(signatures, tail)
  return {
    type: doc.type,
    sha256: await sha256Hex(input.file),
    verdict: overall.verdict,
    verdictText: overall.verdict
      ? verdictText(overall.verdict, lang)
      : lang === 'vi'
        ? 'Không tìm thấy chữ ký số nào trong tài liệu'
        : 'No signature found in the document',
    reasons: words(overall.reasons, lang),
    signatures,
    checkedAt: now.toISOString(),
  }
}

async function signatureAnswer(
  db: D1Database,
  r: Signed,
  index: number,
  after: SignatureFacts['after'],
  proofs: { time: string; before: number }[],
  now: Date,
  lang: Language,
  known: Known
) {
  const { cms } = r
  const registry = cms.signer ? await registryOf(db, cms.signer, known) : null
  const ownStamp =
    cms.timestamp && (await trustedTsa(db, cms.timestamp, known)) ? cms.timestamp : null
  // The earliest proof: its own signature timestamp, or a document timestamp made after it.
  const proven = [
    ...(ownStamp ? [ownStamp.genTime] : []),
    ...proofs.filter((p) => r.covers !== null && r.covers <= p.before).map((p) => p.time),
  ].sort()[0]
  const trustedTime = proven ?? null
  const statusNow: PublicStatus = registry?.record
    ? publicStatus(registry.record, now, registry.ca)
    : 'unknown'
  const fresh = freshness(registry?.ca.issuer ?? null, now)
  const facts: SignatureFacts = {
    intact: cms.intact,
    signatureVerifies: cms.signatureVerifies,
    unsupported: cms.unsupported !== null,
    weak: cms.weak,
    signerPresent: cms.signer !== null,
    registered: registry?.record ? true : null,
    sameCertificate: registry?.same ?? false,
    trustedTime,
    timestampBroken: cms.timestamp !== null && !ownStamp,
    claimedTime: cms.signingTime,
    statusAtTrustedTime: statusAt(registry, trustedTime),
    statusAtClaimedTime: statusAt(registry, cms.signingTime),
    statusNow,
    crlCurrent: !!fresh && !fresh.stale,
    after,
  }
  const { verdict, reasons, notes } = signatureVerdict(facts)
  const record = registry?.record
  return {
    index: index + 1,
    type: 'signature' as const,
    verdict,
    verdictText: verdictText(verdict, lang),
    reasons: words(reasons, lang),
    notes: words(notes, lang),
    signer: registry && {
      serial: registry.file.serial,
      issuer: registry.file.issuer,
      subject: withoutIds(registry.file.subject),
      registered: !!record,
      sameCertificate: registry.same,
      name: record && registry.same ? record.holderName : null,
      kind: record && registry.same ? record.kind : null,
      agency: record && registry.same ? { name: record.agencyName, code: record.agencyCode } : null,
    },
    signedAt: trustedTime
      ? { time: trustedTime, trusted: true }
      : { time: cms.signingTime, trusted: false },
    statusAtSigning: facts.statusAtTrustedTime ?? facts.statusAtClaimedTime,
    statusNow: record ? statusNow : null,
    algorithm: { digest: cms.digest, signature: cms.algorithm, weak: cms.weak },
    coverage: r.covers === null ? null : { wholeDocument: after === 'none', after },
  }
}

async function stampAnswer(
  db: D1Database,
  r: Stamp,
  index: number,
  after: SignatureFacts['after'],
  lang: Language,
  known: Known
) {
  const { stamp } = r
  const trusted = await trustedTsa(db, stamp, known)
  const reasons: Reason[] = !stamp.imprintMatches
    ? ['altered']
    : !stamp.signatureVerifies
      ? ['signature-broken']
      : trusted
        ? []
        : ['timestamp-invalid']
  const verdict = reasons.length
    ? reasons[0] === 'timestamp-invalid'
      ? ('indeterminate' as const)
      : ('invalid' as const)
    : ('valid' as const)
  const tsa = stamp.tsa ? await readCertificate(stamp.tsa).catch(() => null) : null
  return {
    index: index + 1,
    type: 'document-timestamp' as const,
    verdict,
    verdictText: verdictText(verdict, lang),
    reasons: words(reasons, lang),
    notes: words(after === 'signed' ? ['signed-again-after'] : [], lang),
    signer: tsa && {
      serial: tsa.serial,
      issuer: tsa.issuer,
      subject: withoutIds(tsa.subject),
      registered: trusted,
      sameCertificate: trusted,
      name: null,
      kind: null,
      agency: null,
    },
    signedAt: { time: stamp.genTime, trusted },
    statusAtSigning: null,
    statusNow: null,
    algorithm: null,
    coverage: { wholeDocument: after === 'none', after },
  }
}
