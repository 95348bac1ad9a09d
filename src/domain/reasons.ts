/**
 * Revocation reasons: RFC 5280 CRLReason codes, each with the legal cause it stands for in
 * Vietnamese practice (Nghị định 68/2024/NĐ-CP). Codes 2, 6 and 8-10 are not used by the
 * Government CA for these certificates; certificateHold (6) would be a suspension, which is not
 * a legal operation.
 */
export const REASONS = {
  0: {
    name: 'unspecified',
    cause: 'Lý do khác',
    causeEn: 'Other reasons',
  },
  1: {
    name: 'keyCompromise',
    cause: 'Lộ khóa bí mật hoặc mất thiết bị lưu khóa',
    causeEn: 'Private key exposed or signing device lost',
  },
  3: {
    name: 'affiliationChanged',
    cause: 'Thay đổi vị trí công tác hoặc chuyển cơ quan',
    causeEn: 'Moved to another position or agency',
  },
  4: {
    name: 'superseded',
    cause: 'Được thay thế do thay đổi thông tin hoặc thiết bị hỏng',
    causeEn: 'Replaced after a change of details or a damaged device',
  },
  5: {
    name: 'cessationOfOperation',
    cause: 'Nghỉ hưu, thôi việc, từ trần; cơ quan giải thể hoặc sáp nhập',
    causeEn: 'Retired, resigned or deceased; agency dissolved or merged',
  },
} as const

export type ReasonCode = keyof typeof REASONS
export const REASON_CODES = Object.keys(REASONS).map(Number) as ReasonCode[]

/** The reason as answers carry it: code, RFC 5280 name and the Vietnamese cause. */
export function reasonOf(code: number | null) {
  if (code === null || !(code in REASONS)) return null
  const reason = REASONS[code as ReasonCode]
  return { code, name: reason.name, cause: reason.cause, causeEn: reason.causeEn }
}
