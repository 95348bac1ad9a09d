import { languageOf, type Lang } from '../lib/messages'
import { vnDate } from '../lib/time'
import {
  freshness,
  issuerRevocation,
  type Freshness,
  type IssuerState,
  type Listed,
} from './ca-word'
import { certificateStatus, daysLeft, type CertificateState } from './lifecycle'
import { withoutIds } from './masking'
import { reasonOf } from './reasons'

export type Language = Lang
export { languageOf }
export type PublicStatus =
  'good' | 'revoked' | 'on_hold' | 'expired' | 'not_yet_valid' | 'issuer_revoked' | 'unknown'

/** A registered certificate as a status answer needs it. */
export interface StatusRecord extends CertificateState {
  serial: string
  issuer: string
  subject: string
  fingerprint: string | null
  reasonCode: number | null
  agencyName: string
  agencyCode: string
  holderName: string
  nextSerial: string | null
  nextNotAfter: string | null
}

/** What the CA's word adds to an answer: its issuer's CRL freshness and revocation, or a listing. */
export interface CaContext {
  issuer: IssuerState | null
  /** For a serial the registry does not hold: what the issuer's CRL says of it. */
  listed?: Listed | null
}

/** The public status at an instant: "active" is "good" to someone checking a signature. */
export function publicStatus(
  record: StatusRecord | null,
  at: Date,
  ca: CaContext = { issuer: null }
): PublicStatus {
  if (!record) {
    // Not registered: what the CA's CRL says, when it lists the serial (by its word alone).
    const listed = ca.listed
    if (!listed || (listed.invalidityDate ?? listed.revokedAt) > at.toISOString()) return 'unknown'
    return listed.reasonCode === 6 ? 'on_hold' : 'revoked'
  }
  const status = certificateStatus(record, at)
  if (status !== 'active') return status
  const issuerRevoked = issuerRevocation(ca.issuer, record.notBefore)
  if (issuerRevoked && issuerRevoked.revokedAt <= at.toISOString()) return 'issuer_revoked'
  return 'good'
}

const number = (n: number, lang: Language) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')
const day = (iso: string) => vnDate(new Date(iso))

/** What a "good" answer must add about the CA's word: none imported yet, or out of date. */
function caveat(crl: Freshness | null, lang: Language) {
  const vi = lang === 'vi'
  if (!crl)
    return vi
      ? '; chưa có danh sách chứng thư bị thu hồi (CRL) nào của tổ chức cấp: chưa đối chiếu được với CA'
      : '; no CRL of the issuing CA has been imported: not confirmed with the CA'
  if (!crl.stale) return ''
  const since = day(crl.nextUpdate ?? crl.thisUpdate)
  return vi
    ? `; danh sách thu hồi (CRL) của tổ chức cấp đã quá hạn cập nhật từ ${since}: có thể đã bị thu hồi mà sổ chưa biết`
    : `; the issuing CA's CRL is out of date since ${since}: it may have been revoked without the registry knowing`
}

/** The answer in one sentence, in Vietnamese or English, for the status at `at`. */
export function verdict(
  status: PublicStatus,
  record: StatusRecord | null,
  at: Date,
  lang: Language,
  ca: CaContext = { issuer: null },
  crl: Freshness | null = null
): string {
  const vi = lang === 'vi'
  if (!record) {
    const listed = ca.listed
    if (status === 'unknown' || !listed)
      return vi ? 'Không có trong sổ đăng ký' : 'Not in the registry'
    const reason = reasonOf(listed.reasonCode)
    return status === 'on_hold'
      ? vi
        ? `Đang bị tạm dừng từ ${day(listed.revokedAt)} theo CRL của tổ chức cấp (chứng thư không có trong sổ đăng ký)`
        : `On hold since ${day(listed.revokedAt)} by the issuing CA's CRL (not in the registry)`
      : vi
        ? `Đã thu hồi ngày ${day(listed.revokedAt)} theo CRL của tổ chức cấp (chứng thư không có trong sổ đăng ký): ${reason?.cause ?? ''}`
        : `Revoked on ${day(listed.revokedAt)} by the issuing CA's CRL (not in the registry): ${reason?.causeEn ?? ''}`
  }
  const until = day(record.notAfter)
  switch (status) {
    case 'good': {
      const left = daysLeft(record.notAfter, at)
      return (
        (vi
          ? `Còn hiệu lực đến ${until} (còn ${number(left, lang)} ngày)`
          : `Valid until ${until} (${number(left, lang)} days left)`) + caveat(crl, lang)
      )
    }
    case 'revoked': {
      const reason = reasonOf(record.reasonCode)
      const on = day(record.revokedAt!)
      const since = record.invalidityDate ? day(record.invalidityDate) : null
      return vi
        ? `Đã thu hồi ngày ${on}${since ? ` (khóa mất an toàn từ ${since})` : ''}: ${reason?.cause ?? ''}`
        : `Revoked on ${on}${since ? ` (key compromised since ${since})` : ''}: ${reason?.causeEn ?? ''}`
    }
    case 'on_hold':
      return vi
        ? `Đang bị tạm dừng từ ${day(record.holdAt!)} theo CRL của tổ chức cấp: không có hiệu lực trong thời gian tạm dừng`
        : `On hold since ${day(record.holdAt!)} by the issuing CA's CRL: not valid while the hold lasts`
    case 'issuer_revoked': {
      const revoked = issuerRevocation(ca.issuer, record.notBefore)!
      return vi
        ? `Chứng thư của tổ chức cấp (${revoked.name}) đã bị thu hồi ngày ${day(revoked.revokedAt)}: chứng thư này không còn được tin cậy`
        : `The issuing CA's certificate (${revoked.name}) was revoked on ${day(revoked.revokedAt)}: this certificate can no longer be trusted`
    }
    case 'expired':
      return vi ? `Đã hết hạn ngày ${until}` : `Expired on ${until}`
    case 'not_yet_valid': {
      const from = day(record.notBefore)
      return vi ? `Chưa có hiệu lực (từ ${from})` : `Not yet valid (from ${from})`
    }
    case 'unknown':
      return vi ? 'Không có trong sổ đăng ký' : 'Not in the registry'
  }
}

/**
 * The status answer for a serial: of the registered record when there is one, else what the CA's
 * CRL says of it, else "unknown". It says how current the CA's word is (`crl`), and a good answer
 * with no CRL or a stale one says so in words too. With `at`, it also says what the status was at
 * that instant (a certificate revoked after `at` was good at `at`). The answer never carries
 * personal data beyond the name in the subject.
 */
export function statusAnswer(
  serial: string,
  record: StatusRecord | null,
  now: Date,
  lang: Language,
  at?: Date,
  ca: CaContext = { issuer: null }
) {
  const status = publicStatus(record, now, ca)
  const crl = freshness(ca.issuer, now)
  const listed = record ? null : (ca.listed ?? null)
  const issuerRevoked = record ? issuerRevocation(ca.issuer, record.notBefore) : null
  return {
    status,
    verdict: verdict(status, record, now, lang, ca, crl),
    serial,
    registered: record !== null,
    issuer: record?.issuer ?? (listed ? ca.issuer!.dn : null),
    // Personal data stays out of public answers: the subject names, it does not identify.
    subject: record ? withoutIds(record.subject) : null,
    holderName: record?.holderName ?? null,
    kind: record?.kind ?? null,
    agency: record ? { name: record.agencyName, code: record.agencyCode } : null,
    notBefore: record?.notBefore ?? null,
    notAfter: record?.notAfter ?? null,
    daysLeft: record ? daysLeft(record.notAfter, now) : null,
    revokedAt: record?.revokedAt ?? (listed && listed.reasonCode !== 6 ? listed.revokedAt : null),
    invalidityDate: record?.invalidityDate ?? listed?.invalidityDate ?? null,
    holdAt: record?.holdAt ?? (listed?.reasonCode === 6 ? listed.revokedAt : null),
    reason: reasonOf(
      record ? record.reasonCode : listed && listed.reasonCode !== 6 ? listed.reasonCode : null
    ),
    replacedBy: record?.nextSerial
      ? { serial: record.nextSerial, notAfter: record.nextNotAfter! }
      : null,
    issuerRevoked: issuerRevoked && {
      name: issuerRevoked.name,
      revokedAt: issuerRevoked.revokedAt,
      reason: reasonOf(issuerRevoked.reasonCode),
    },
    crl,
    checkedAt: now.toISOString(),
    ...(at ? answerAt(record, at, lang, ca, crl) : {}),
  }
}

/** What the answer says of the moment asked about: the status then, and in words. */
function answerAt(
  record: StatusRecord | null,
  at: Date,
  lang: Language,
  ca: CaContext,
  crl: Freshness | null
) {
  const statusAt = publicStatus(record, at, ca)
  return { at: at.toISOString(), statusAt, verdictAt: verdict(statusAt, record, at, lang, ca, crl) }
}
