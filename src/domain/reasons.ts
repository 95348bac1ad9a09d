/**
 * Revocation reasons: every RFC 5280 CRLReason code, each with the legal cause it stands for in
 * Vietnamese practice (Nghị định 68/2024/NĐ-CP, Điều 17). The department records a revocation with
 * one of DEPARTMENT_CODES; the others only come from a CA's CRL and are kept as the CA wrote them.
 * certificateHold (6) is the CA's temporary suspension, not a revocation (the department cannot
 * ask for it), and removeFromCRL (8) only releases a hold in a delta CRL.
 */
export const REASONS = {
  0: {
    name: 'unspecified',
    cause: 'Lý do khác',
    causeEn: 'Other reasons',
  },
  1: {
    name: 'keyCompromise',
    cause: 'Khóa bí mật bị lộ hoặc nghi bị lộ; mất thiết bị lưu khóa bí mật',
    causeEn: 'Private key exposed or suspected; signing device lost',
  },
  2: {
    name: 'cACompromise',
    cause: 'Khóa của tổ chức cấp (CA) bị lộ',
    causeEn: "The issuing CA's key was compromised",
  },
  3: {
    name: 'affiliationChanged',
    cause: 'Thay đổi vị trí công tác hoặc chuyển cơ quan',
    causeEn: 'Moved to another position or agency',
  },
  4: {
    name: 'superseded',
    cause: 'Được thay thế do thay đổi nội dung thông tin hoặc thiết bị hỏng',
    causeEn: 'Replaced after a change of details or a damaged device',
  },
  5: {
    name: 'cessationOfOperation',
    cause:
      'Nghỉ hưu, thôi việc, từ trần; cơ quan giải thể, chia tách, sáp nhập; hệ thống ngừng hoạt động',
    causeEn: 'Retired, resigned or deceased; agency dissolved, split or merged; system ceased',
  },
  6: {
    name: 'certificateHold',
    cause: 'Tạm dừng hiệu lực theo danh sách thu hồi của CA',
    causeEn: "Suspended (on hold) by the CA's CRL",
  },
  8: {
    name: 'removeFromCRL',
    cause: 'Bỏ tạm dừng (trong danh sách thu hồi bổ sung)',
    causeEn: 'Released from hold (delta CRL)',
  },
  9: {
    name: 'privilegeWithdrawn',
    cause:
      'Theo yêu cầu của cơ quan quản lý trực tiếp hoặc cơ quan có thẩm quyền (công an, viện kiểm sát)',
    causeEn: 'At the request of the managing agency or an authority (police, prosecution)',
  },
  10: {
    name: 'aACompromise',
    cause: 'Khóa của tổ chức cấp thuộc tính bị lộ',
    causeEn: "The attribute authority's key was compromised",
  },
} as const

export type ReasonCode = keyof typeof REASONS
/** The reasons the department records (the others come from CRLs only). */
export const DEPARTMENT_CODES = [0, 1, 3, 4, 5, 9] as const
/** The reasons a revocation can be stored with: all but hold (6) and its release (8). */
export const REVOCATION_CODES = [0, 1, 2, 3, 4, 5, 9, 10] as const
/** keyCompromise: what a lost device's certificates are revoked with. */
export const KEY_COMPROMISE = 1
/** superseded: the old certificate of a change of details or a device re-issue. */
export const SUPERSEDED = 4

/** The reason as answers carry it: code, RFC 5280 name and the Vietnamese cause. */
export function reasonOf(code: number | null) {
  if (code === null || !(code in REASONS)) return null
  const reason = REASONS[code as ReasonCode]
  return { code, name: reason.name, cause: reason.cause, causeEn: reason.causeEn }
}
