import { term } from '../lib/messages'
import { vnDate, vnYmd } from '../lib/time'
import type { WorkingCalendar } from './calendar'
import { reasonOf } from './reasons'
import { EXPIRED, REVOKED } from './reminders'

/** One certificate in a digest, as the agency reads it. */
export interface DigestItem {
  noticeId: string
  certificateId: string
  threshold: number
  serial: string
  kind: 'personal' | 'organisation' | 'device_service'
  holderName: string
  deviceSerial: string | null
  notAfter: string
  daysLeft: number
  /** For a revocation notice: when, and why (RFC 5280 reason code). */
  revokedAt?: string | null
  reasonCode?: number | null
  /**
   * The last Vietnam day (YYYY-MM-DD) the renewal request should leave the agency, in working
   * days (sendBy below); null when that day has passed: urgent.
   */
  sendBy?: string | null
}

export interface AgencyDigest {
  digestId: string
  runDate: string
  agency: { id: string; code: string; name: string }
  items: DigestItem[]
  /** The console's address, for a link to each certificate; none, no links. */
  consoleUrl?: string
  /** How long an acknowledgement holds (ACK_DAYS). */
  ackDays: number
}

/**
 * How long before expiry the renewal request should leave the agency, in working days (about 60
 * calendar days; Tết and the other holidays are not counted): the managing agency files it, the
 * department checks it and sends it to the CA, which answers within 3 working days, and the new
 * certificate has to reach its token before the old one ends.
 */
export const RENEWAL_LEAD_WORKING_DAYS = 40

/**
 * The day the renewal request should leave the agency: RENEWAL_LEAD_WORKING_DAYS working days
 * before the certificate's last day, or null when that day is already past (`today`, YYYY-MM-DD).
 */
export function sendByDay(calendar: WorkingCalendar, notAfter: string, today: string) {
  const by = calendar.subtractWorkingDays(vnYmd(new Date(notAfter)), RENEWAL_LEAD_WORKING_DAYS)
  return by >= today ? by : null
}

const daysLeftEn = (n: number) => (n === 1 ? '1 day left' : `${n} days left`)

const ruleVi = (ackDays: number) =>
  `Mọi đề nghị (gia hạn, cấp mới, thay đổi nội dung, thu hồi) do cơ quan, tổ chức quản lý trực tiếp lập, thủ trưởng ký, gửi qua dịch vụ công trực tuyến của Ban Cơ yếu Chính phủ (qua Sở). Chứng thư số của cơ quan, tổ chức cần văn bản đề nghị của thủ trưởng. Nếu đang làm thủ tục gia hạn, hãy xác nhận "đang gia hạn" trên hệ thống: nhắc hạn tạm dừng ${ackDays} ngày, riêng thông báo hết hạn vẫn gửi.`
const ruleEn = (ackDays: number) =>
  `Every request (renewal, new issue, change of details, revocation) is made by the managing agency, signed by its head, and sent through the Government CA’s online public service (via the department). An organisation certificate needs a request signed by the head of the agency. If renewal is under way, acknowledge it ("being renewed") in the registry: reminders pause for ${ackDays} days; the "expired" notice is still sent.`

/**
 * What to do about one certificate, by the days it has left: with the lead time (in working days)
 * still ahead, send the renewal request before the day it runs out; within it, urgently; once expired it can
 * no longer be renewed: a new issue (cấp mới) is needed.
 */
export function advice(
  item: Pick<
    DigestItem,
    'notAfter' | 'daysLeft' | 'threshold' | 'revokedAt' | 'reasonCode' | 'sendBy'
  >,
  vi: boolean
) {
  const expires = vnDate(new Date(item.notAfter))
  if (item.threshold === REVOKED) {
    const on = vnDate(new Date(item.revokedAt ?? item.notAfter))
    const reason = reasonOf(item.reasonCode ?? null)
    return vi
      ? `ĐÃ BỊ THU HỒI ngày ${on}${reason ? ` (${reason.cause})` : ''}: không còn dùng để ký được; nếu vẫn cần, đề nghị cấp mới.`
      : `REVOKED on ${on}${reason ? ` (${reason.causeEn})` : ''}: it can no longer sign; if still needed, request a new issue.`
  }
  if (item.threshold === EXPIRED || item.daysLeft < 0)
    return vi
      ? `ĐÃ HẾT HẠN ngày ${expires}: không gia hạn được nữa, cần đề nghị cấp mới.`
      : `EXPIRED on ${expires}: it can no longer be renewed; a new issue is needed.`
  if (item.sendBy) {
    const by = vnDate(new Date(`${item.sendBy}T00:00:00+07:00`))
    return vi
      ? `hết hạn ${expires} (còn ${item.daysLeft} ngày): gửi đề nghị gia hạn chậm nhất ngày ${by}.`
      : `expires ${expires} (${daysLeftEn(item.daysLeft)}): send the renewal request by ${by}.`
  }
  return vi
    ? `hết hạn ${expires} (còn ${item.daysLeft} ngày): KHẨN, gửi đề nghị gia hạn ngay.`
    : `expires ${expires} (${daysLeftEn(item.daysLeft)}): URGENT, send the renewal request now.`
}

const KIND_VI = {
  personal: 'Cá nhân',
  organisation: 'Tổ chức',
  device_service: 'Thiết bị, dịch vụ',
}
const KIND_EN = {
  personal: 'Personal',
  organisation: 'Organisation',
  device_service: 'Device/service',
}

/** Still valid and not revoked: a renewal (gia hạn) can be asked for. */
const renewable = (item: DigestItem) => item.daysLeft >= 0 && item.threshold !== REVOKED

/** The console's new-request page with a renewal of this certificate filled in. */
const renewalUrl = (consoleUrl: string, item: DigestItem) =>
  `${consoleUrl}/console/requests/new?kind=renewal&serial=${encodeURIComponent(item.serial)}`

const line = (item: DigestItem, vi: boolean, consoleUrl?: string) => {
  const kind = (vi ? KIND_VI : KIND_EN)[item.kind]
  const device = item.deviceSerial
    ? vi
      ? `, thiết bị ${item.deviceSerial}`
      : `, device ${item.deviceSerial}`
    : ''
  const link = consoleUrl ? `\n  ${consoleUrl}/console/certificates/${item.certificateId}` : ''
  // One that can still be renewed: where to file the renewal request, the certificate filled in.
  const renewal =
    consoleUrl && renewable(item)
      ? `\n  ${vi ? 'Lập yêu cầu gia hạn' : 'File the renewal request'}: ${renewalUrl(consoleUrl, item)}`
      : ''
  return `- ${item.holderName} — ${kind}, số hiệu ${item.serial}${device}: ${advice(item, vi)}${link}${renewal}`
}

/**
 * The digest an agency receives: one message per agency per run, Vietnamese first with an
 * English part, each certificate with its holder, serial, kind, device and days left, and what
 * to do. The same content goes out by e-mail (text) and by webhook (the JSON payload).
 */
export function composeDigest(d: AgencyDigest) {
  const items = [...d.items].sort(
    (a, b) => a.daysLeft - b.daysLeft || a.holderName.localeCompare(b.holderName, 'vi')
  )
  const expired = items.filter((i) => i.daysLeft < 0 && i.threshold !== REVOKED).length
  const revoked = items.filter((i) => i.threshold === REVOKED).length
  const subject = `[Chứng thư số] ${d.agency.name}: ${items.length} chứng thư số ${revoked === items.length ? 'đã bị thu hồi' : `sắp hết hạn${expired ? ' hoặc đã hết hạn' : ''}${revoked ? ', đã bị thu hồi' : ''}`} (${vnDate(new Date(`${d.runDate}T00:00:00+07:00`))})`
  const text = [
    `Kính gửi ${d.agency.name},`,
    '',
    `Các chứng thư số chuyên dùng công vụ sau của cơ quan sắp hết hạn, đã hết hạn hoặc đã bị thu hồi:`,
    ...items.map((i) => line(i, true, d.consoleUrl)),
    '',
    ruleVi(d.ackDays),
    '',
    '--- English ---',
    `To ${d.agency.name}: these public-service certificates of your agency are about to expire, have expired or were revoked:`,
    ...items.map((i) => line(i, false, d.consoleUrl)),
    '',
    ruleEn(d.ackDays),
    '',
    `Mã bản tin / digest id: ${d.digestId}`,
  ].join('\n')
  const payload = {
    digestId: d.digestId,
    runDate: d.runDate,
    agency: d.agency,
    notices: items.map((i) => ({
      ...i,
      threshold:
        i.threshold === EXPIRED ? 'expired' : i.threshold === REVOKED ? 'revoked' : i.threshold,
      advice: advice(i, true),
      url: d.consoleUrl ? `${d.consoleUrl}/console/certificates/${i.certificateId}` : null,
      renewalRequestUrl: d.consoleUrl && renewable(i) ? renewalUrl(d.consoleUrl, i) : null,
    })),
    text,
  }
  return { subject, text, payload }
}

export interface EscalationLine {
  agency: { id: string; code: string; name: string }
  count: number
  soonest: number
}

/** An issuing CA's certificate about to expire: every certificate it issued stops with it. */
export interface CaKeyLine {
  name: string
  serial: string | null
  notAfter: string
  daysLeft: number
}

/**
 * The department's digest: agencies with certificates within 7 days and no acknowledgement, and
 * issuing CA certificates 90 and 30 days before they expire.
 */
export interface OverdueLine {
  agency: { code: string; name: string }
  kind: string
  sentAt: string
  dueDay: string
}

export function composeEscalation(
  digestId: string,
  runDate: string,
  lines: EscalationLine[],
  caKeys: CaKeyLine[] = [],
  overdue: OverdueLine[] = []
) {
  const dueDate = (day: string) => vnDate(new Date(`${day}T00:00:00+07:00`))
  const sorted = [...lines].sort((a, b) => a.soonest - b.soonest || b.count - a.count)
  const subject = [
    sorted.length
      ? `${sorted.length} cơ quan có chứng thư số hết hạn trong 7 ngày chưa xác nhận gia hạn`
      : null,
    caKeys.length ? `${caKeys.length} chứng thư số của CA sắp hết hạn` : null,
    overdue.length ? `${overdue.length} yêu cầu gửi CA quá hạn trả lời` : null,
  ]
    .filter(Boolean)
    .join('; ')
  const caVi = caKeys.map(
    (k) =>
      `- ${k.name}${k.serial ? ` (số hiệu ${k.serial})` : ''}: chứng thư số của CA hết hạn ngày ${vnDate(new Date(k.notAfter))} (còn ${k.daysLeft} ngày); mọi chứng thư số do khóa này cấp hết hiệu lực theo. Liên hệ Ban Cơ yếu Chính phủ về chứng thư số mới của CA và kế hoạch cấp lại.`
  )
  const caEn = caKeys.map(
    (k) =>
      `- ${k.name}${k.serial ? ` (serial ${k.serial})` : ''}: its certificate expires on ${vnDate(new Date(k.notAfter))} (${k.daysLeft} days left); every certificate this key issued ends with it.`
  )
  const text = [
    ...(sorted.length
      ? [
          'Các cơ quan sau có chứng thư số hết hạn trong vòng 7 ngày (hoặc đã hết hạn) mà chưa xác nhận đang gia hạn:',
          ...sorted.map(
            (l) =>
              `- ${l.agency.name} (${l.agency.code}): ${l.count} chứng thư số, sớm nhất ${l.soonest < 0 ? 'đã hết hạn' : `còn ${l.soonest} ngày`}`
          ),
        ]
      : []),
    ...(caKeys.length
      ? [sorted.length ? '' : null, 'Chứng thư số của tổ chức cấp (CA) sắp hết hạn:', ...caVi]
      : []),
    ...(overdue.length
      ? [
          '',
          'Yêu cầu đã gửi CA nhưng quá hạn trả lời (tính theo ngày làm việc):',
          ...overdue.map(
            (r) =>
              `- ${r.agency.name} (${r.agency.code}): yêu cầu ${term('requestKind', r.kind, 'vi')}, gửi ngày ${vnDate(new Date(r.sentAt))}, hạn ${dueDate(r.dueDay)}`
          ),
        ]
      : []),
    '',
    '--- English ---',
    ...(sorted.length
      ? [
          'Agencies with certificates expiring within 7 days (or expired) and no renewal acknowledged:',
          ...sorted.map(
            (l) =>
              `- ${l.agency.name} (${l.agency.code}): ${l.count} certificate(s), soonest ${l.soonest < 0 ? 'expired' : `${l.soonest} days left`}`
          ),
        ]
      : []),
    ...(caKeys.length ? ['Issuing CA certificates about to expire:', ...caEn] : []),
    ...(overdue.length
      ? [
          'Requests sent to the CA and not answered by their due day (working days):',
          ...overdue.map(
            (r) =>
              `- ${r.agency.name} (${r.agency.code}): ${term('requestKind', r.kind, 'en')} request, sent ${vnDate(new Date(r.sentAt))}, due ${dueDate(r.dueDay)}`
          ),
        ]
      : []),
    '',
    `Mã bản tin / digest id: ${digestId}`,
  ]
    .filter((l) => l !== null)
    .join('\n')
  return {
    subject: `[Chứng thư số] ${subject}`,
    text,
    payload: {
      digestId,
      runDate,
      kind: 'escalation',
      agencies: sorted,
      caCertificates: caKeys,
      overdueRequests: overdue,
      text,
    },
  }
}
