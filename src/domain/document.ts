import type { Language, PublicStatus } from './status'

/**
 * The verdict on a signed document and each of its signatures, after ETSI EN 319 102-1's shape:
 * valid (intact, signer registered, good at a trusted signing time), invalid (altered, signature
 * broken, forged chain, signer revoked or expired before it signed) or indeterminate (the
 * registry cannot tell: signer unknown, no trusted time while the certificate is no longer good,
 * an algorithm it cannot check, the CA's word not current). Never valid when unsure. Pure.
 */
export type Verdict = 'valid' | 'invalid' | 'indeterminate'

export type Reason =
  | 'altered'
  | 'signature-broken'
  | 'forged-chain'
  | 'signer-certificate-missing'
  | 'signer-not-registered'
  | 'unsupported-algorithm'
  | 'weak-algorithm'
  | 'revoked-before-signing'
  | 'expired-before-signing'
  | 'not-yet-valid-when-signed'
  | 'issuer-revoked-before-signing'
  | 'on-hold-when-signed'
  | 'no-trusted-time'
  | 'claimed-time-after-revocation'
  | 'status-unknown'
  | 'crl-not-current'
  | 'timestamp-invalid'
  | 'proof-after-revocation'
  | 'changed-after-signing'
  | 'timestamped-after-signing'
  | 'signed-again-after'

/** What was found of one signature, for its verdict. */
export interface SignatureFacts {
  intact: boolean | null
  signatureVerifies: boolean | null
  unsupported: boolean
  weak: boolean
  signerPresent: boolean
  /** In the registry under its serial and issuer: null when not at all. */
  registered: boolean | null
  /** The file carried is the registered certificate (fingerprint, or a registered key's signature). */
  sameCertificate: boolean
  /** The time proven by a timestamp (RFC 3161) that verified and is from a registered TSA. */
  trustedTime: string | null
  /** A timestamp was present but did not verify. */
  timestampBroken: boolean
  /** The signingTime the signer claims. */
  claimedTime: string | null
  /** The registry's status at the trusted time (null: none), and now. */
  statusAtTrustedTime: PublicStatus | null
  statusAtClaimedTime: PublicStatus | null
  statusNow: PublicStatus
  /** The CA's CRL is current (imported and not past its nextUpdate). */
  crlCurrent: boolean
  /** Bytes after what it covers: none, later signatures' revisions, or unsigned changes. */
  after: 'none' | 'signed' | 'unsigned'
}

const AT_SIGNING: Partial<Record<PublicStatus, Reason>> = {
  revoked: 'revoked-before-signing',
  expired: 'expired-before-signing',
  not_yet_valid: 'not-yet-valid-when-signed',
  issuer_revoked: 'issuer-revoked-before-signing',
  on_hold: 'on-hold-when-signed',
  unknown: 'status-unknown',
}

/** The verdict on one signature, with every reason that led to it. */
export function signatureVerdict(f: SignatureFacts): {
  verdict: Verdict
  reasons: Reason[]
  notes: Reason[]
} {
  const invalid: Reason[] = []
  const unsure: Reason[] = []
  if (f.intact === false) invalid.push('altered')
  if (f.signatureVerifies === false) invalid.push('signature-broken')
  if (!f.signerPresent) unsure.push('signer-certificate-missing')
  else if (f.registered === null) unsure.push('signer-not-registered')
  else if (!f.sameCertificate) invalid.push('forged-chain')
  // Not checked although its certificate is there: an algorithm the registry cannot run.
  if (f.unsupported || (f.signerPresent && (f.intact === null || f.signatureVerifies === null)))
    unsure.push('unsupported-algorithm')
  if (f.weak) unsure.push('weak-algorithm')
  if (f.timestampBroken) unsure.push('timestamp-invalid')
  if (f.registered && f.sameCertificate) {
    // The signer's claim of when it signed counts only against itself: by its own word it
    // signed after its certificate was revoked or had expired.
    const claimed = f.statusAtClaimedTime ? AT_SIGNING[f.statusAtClaimedTime] : undefined
    const ownWord =
      claimed === 'revoked-before-signing'
        ? 'claimed-time-after-revocation'
        : claimed === 'expired-before-signing' || claimed === 'issuer-revoked-before-signing'
          ? claimed
          : null
    if (f.statusAtTrustedTime) {
      // A timestamp proves the signature existed by then, no more: good then is enough; not
      // good then leaves open whether it was made before.
      const then = AT_SIGNING[f.statusAtTrustedTime]
      if (then === 'not-yet-valid-when-signed') invalid.push(then)
      else if (then && ownWord) invalid.push(ownWord)
      else if (then === 'status-unknown' || then === 'on-hold-when-signed') unsure.push(then)
      else if (then) unsure.push('proof-after-revocation')
    } else if (ownWord) invalid.push(ownWord)
    // No proof of when it signed: a certificate no longer good leaves the question open.
    else if (f.statusNow !== 'good') unsure.push('no-trusted-time')
    else if (claimed) unsure.push(claimed)
    if (!f.crlCurrent) unsure.push('crl-not-current')
  }
  const verdict: Verdict = invalid.length ? 'invalid' : unsure.length ? 'indeterminate' : 'valid'
  // A later signature's revision after this one changes nothing of what this one signed: said.
  const notes: Reason[] = f.after === 'signed' ? ['signed-again-after'] : []
  return { verdict, reasons: [...invalid, ...unsure], notes }
}

/**
 * The document's verdict: its worst signature's; invalid when changed after its last signature,
 * indeterminate when what follows it is covered only by a document timestamp.
 */
export function documentVerdict(
  signatures: { verdict: Verdict }[],
  after: 'none' | 'timestamped' | 'unsigned'
): { verdict: Verdict | null; reasons: Reason[] } {
  if (!signatures.length) return { verdict: null, reasons: [] }
  if (after === 'unsigned') return { verdict: 'invalid', reasons: ['changed-after-signing'] }
  const verdicts = signatures.map((s) => s.verdict)
  const worst = verdicts.includes('invalid')
    ? 'invalid'
    : verdicts.includes('indeterminate') || after === 'timestamped'
      ? 'indeterminate'
      : 'valid'
  return { verdict: worst, reasons: after === 'timestamped' ? ['timestamped-after-signing'] : [] }
}

const TEXT: Record<Reason, Record<Language, string>> = {
  altered: {
    vi: 'Nội dung đã bị thay đổi sau khi ký: bản tóm lược không khớp với nội dung được ký',
    en: 'The content was changed after signing: its digest is not the one signed',
  },
  'signature-broken': {
    vi: 'Chữ ký số không hợp lệ với khóa công khai của chứng thư số người ký',
    en: "The signature does not verify with the signer certificate's public key",
  },
  'forged-chain': {
    vi: 'Chứng thư số người ký không phải chứng thư số đã đăng ký (không do khóa đã đăng ký của tổ chức cấp ký): có thể bị giả mạo',
    en: 'The signer certificate is not the registered one (not signed by a registered key of its issuer): it may be forged',
  },
  'signer-certificate-missing': {
    vi: 'Chữ ký không kèm chứng thư số người ký',
    en: 'The signature does not carry its signer certificate',
  },
  'signer-not-registered': {
    vi: 'Chứng thư số người ký không có trong sổ đăng ký',
    en: 'The signer certificate is not in the registry',
  },
  'unsupported-algorithm': {
    vi: 'Thuật toán của chữ ký không được hỗ trợ để kiểm tra',
    en: 'The signature uses an algorithm that cannot be checked',
  },
  'weak-algorithm': {
    vi: 'Chữ ký dùng hàm băm SHA-1, không còn đủ an toàn',
    en: 'The signature uses SHA-1, which is no longer safe',
  },
  'revoked-before-signing': {
    vi: 'Chứng thư số đã bị thu hồi trước thời điểm ký',
    en: 'The certificate was revoked before it signed',
  },
  'expired-before-signing': {
    vi: 'Chứng thư số đã hết hạn trước thời điểm ký',
    en: 'The certificate had expired before it signed',
  },
  'not-yet-valid-when-signed': {
    vi: 'Chứng thư số chưa có hiệu lực tại thời điểm ký',
    en: 'The certificate was not yet valid when it signed',
  },
  'issuer-revoked-before-signing': {
    vi: 'Chứng thư số của tổ chức cấp đã bị thu hồi trước thời điểm ký',
    en: "The issuer's certificate was revoked before it signed",
  },
  'on-hold-when-signed': {
    vi: 'Chứng thư số đang bị tạm dừng tại thời điểm ký',
    en: 'The certificate was on hold when it signed',
  },
  'no-trusted-time': {
    vi: 'Không có dấu thời gian đáng tin cậy, và chứng thư số nay không còn hiệu lực: không xác định được chữ ký có được tạo khi chứng thư còn hiệu lực hay không',
    en: 'There is no trusted timestamp, and the certificate is no longer valid: whether it signed while valid cannot be told',
  },
  'claimed-time-after-revocation': {
    vi: 'Thời điểm ký do người ký khai là sau khi chứng thư số bị thu hồi',
    en: 'The signing time the signer claims is after the certificate was revoked',
  },
  'status-unknown': {
    vi: 'Không xác định được trạng thái chứng thư số tại thời điểm ký',
    en: "The certificate's status at the signing time is unknown",
  },
  'crl-not-current': {
    vi: 'Danh sách thu hồi (CRL) của tổ chức cấp chưa được cập nhật hoặc đã quá hạn: chưa thể xác nhận',
    en: "The issuer's CRL is missing or out of date: the status cannot be confirmed",
  },
  'timestamp-invalid': {
    vi: 'Dấu thời gian kèm theo không hợp lệ, không do đơn vị cấp dấu thời gian đã đăng ký cấp, hoặc chứng thư số của đơn vị đó đã bị thu hồi',
    en: 'The timestamp does not verify, is not from a registered timestamping authority, or that authority’s certificate was revoked',
  },
  'proof-after-revocation': {
    vi: 'Dấu thời gian chỉ chứng minh chữ ký đã có từ thời điểm chứng thư số không còn hiệu lực: không xác định được chữ ký có được tạo trước đó hay không',
    en: 'The timestamp only proves the signature existed once the certificate was no longer valid: whether it was made before cannot be told',
  },
  'timestamped-after-signing': {
    vi: 'Sau chữ ký cuối cùng, tài liệu có phần bổ sung chỉ được đóng dấu thời gian, không được ký: chưa xác nhận được phần bổ sung đó',
    en: 'After the last signature the document has additions covered only by a timestamp, not by a signature: they cannot be vouched for',
  },
  'changed-after-signing': {
    vi: 'Tài liệu đã được bổ sung, sửa đổi sau chữ ký cuối cùng: phần thay đổi không được ký',
    en: 'The document was changed after its last signature: the change is not signed',
  },
  'signed-again-after': {
    vi: 'Sau chữ ký này, tài liệu có thêm phiên bản được ký bởi chữ ký sau',
    en: 'After this signature, the document has later revisions signed by a later signature',
  },
}

export const reasonText = (reason: Reason, lang: Language) => TEXT[reason][lang]

const VERDICT_TEXT: Record<Verdict, Record<Language, string>> = {
  valid: { vi: 'Hợp lệ', en: 'Valid' },
  invalid: { vi: 'Không hợp lệ', en: 'Invalid' },
  indeterminate: { vi: 'Chưa xác định', en: 'Indeterminate' },
}

export const verdictText = (verdict: Verdict, lang: Language) => VERDICT_TEXT[verdict][lang]
