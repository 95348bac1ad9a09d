import { languageOf, type Lang } from '../lib/messages'
import { vnDate } from '../lib/time'
import { certificateStatus, daysLeft, type CertificateState } from './lifecycle'
import { withoutIds } from './masking'
import { reasonOf } from './reasons'

export type Language = Lang
export { languageOf }
export type PublicStatus = 'good' | 'revoked' | 'expired' | 'not_yet_valid' | 'unknown'

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

/** The public status at an instant: "active" is "good" to someone checking a signature. */
export function publicStatus(record: CertificateState, at: Date): PublicStatus {
  const status = certificateStatus(record, at)
  return status === 'active' ? 'good' : status
}

const number = (n: number, lang: Language) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')

/** The answer in one sentence, in Vietnamese or English, for the status at `at`. */
export function verdict(
  status: PublicStatus,
  record: StatusRecord | null,
  at: Date,
  lang: Language
): string {
  const vi = lang === 'vi'
  if (!record || status === 'unknown')
    return vi ? 'Không có trong sổ đăng ký' : 'Not in the registry'
  const until = vnDate(new Date(record.notAfter))
  switch (status) {
    case 'good': {
      const left = daysLeft(record.notAfter, at)
      return vi
        ? `Còn hiệu lực đến ${until} (còn ${number(left, lang)} ngày)`
        : `Valid until ${until} (${number(left, lang)} days left)`
    }
    case 'revoked': {
      const reason = reasonOf(record.reasonCode)
      const on = vnDate(new Date(record.revokedAt!))
      const since = record.invalidityDate ? vnDate(new Date(record.invalidityDate)) : null
      return vi
        ? `Đã thu hồi ngày ${on}${since ? ` (khóa mất an toàn từ ${since})` : ''}: ${reason?.cause ?? ''}`
        : `Revoked on ${on}${since ? ` (key compromised since ${since})` : ''}: ${reason?.causeEn ?? ''}`
    }
    case 'expired':
      return vi ? `Đã hết hạn ngày ${until}` : `Expired on ${until}`
    case 'not_yet_valid': {
      const from = vnDate(new Date(record.notBefore))
      return vi ? `Chưa có hiệu lực (từ ${from})` : `Not yet valid (from ${from})`
    }
  }
}

/**
 * The status answer for a serial: of the registered record when there is one, else "unknown".
 * With `at`, it also says what the status was at that instant (a certificate revoked after `at`
 * was good at `at`). The answer never carries personal data beyond the name in the subject.
 */
export function statusAnswer(
  serial: string,
  record: StatusRecord | null,
  now: Date,
  lang: Language,
  at?: Date
) {
  const status = record ? publicStatus(record, now) : 'unknown'
  return {
    status,
    verdict: verdict(status, record, now, lang),
    serial,
    issuer: record?.issuer ?? null,
    // Personal data stays out of public answers: the subject names, it does not identify.
    subject: record ? withoutIds(record.subject) : null,
    holderName: record?.holderName ?? null,
    kind: record?.kind ?? null,
    agency: record ? { name: record.agencyName, code: record.agencyCode } : null,
    notBefore: record?.notBefore ?? null,
    notAfter: record?.notAfter ?? null,
    daysLeft: record ? daysLeft(record.notAfter, now) : null,
    revokedAt: record?.revokedAt ?? null,
    invalidityDate: record?.invalidityDate ?? null,
    reason: record ? reasonOf(record.reasonCode) : null,
    replacedBy: record?.nextSerial
      ? { serial: record.nextSerial, notAfter: record.nextNotAfter! }
      : null,
    checkedAt: now.toISOString(),
    ...(at ? answerAt(record, at, lang) : {}),
  }
}

/** What the answer says of the moment asked about: the status then, and in words. */
function answerAt(record: StatusRecord | null, at: Date, lang: Language) {
  const statusAt = record ? publicStatus(record, at) : ('unknown' as const)
  return { at: at.toISOString(), statusAt, verdictAt: verdict(statusAt, record, at, lang) }
}
