import { vnDate } from '../lib/time'
import { EXPIRED } from './reminders'

/** One certificate in a digest, as the agency reads it. */
export interface DigestItem {
  noticeId: string
  certificateId: string
  threshold: number
  serial: string
  kind: 'personal' | 'organisation'
  holderName: string
  deviceSerial: string | null
  notAfter: string
  daysLeft: number
}

export interface AgencyDigest {
  digestId: string
  runDate: string
  agency: { id: string; code: string; name: string }
  items: DigestItem[]
}

const RULE_VI =
  'Đề nghị gia hạn trước khi chứng thư số còn 60 ngày hiệu lực. Chứng thư số của cơ quan, tổ chức cần văn bản đề nghị của thủ trưởng cơ quan. Nếu đang làm thủ tục gia hạn, hãy xác nhận "đang gia hạn" trên hệ thống để không nhận nhắc lại.'
const RULE_EN =
  'Request renewal before the last 60 days of validity. An organisation certificate needs a request signed by the head of the agency. If renewal is under way, acknowledge it ("being renewed") in the registry to stop further reminders.'

const when = (item: DigestItem, vi: boolean) =>
  item.threshold === EXPIRED || item.daysLeft < 0
    ? vi
      ? `ĐÃ HẾT HẠN ngày ${vnDate(new Date(item.notAfter))}`
      : `EXPIRED on ${vnDate(new Date(item.notAfter))}`
    : vi
      ? `hết hạn ${vnDate(new Date(item.notAfter))} (còn ${item.daysLeft} ngày)`
      : `expires ${vnDate(new Date(item.notAfter))} (${item.daysLeft} days left)`

const line = (item: DigestItem, vi: boolean) => {
  const kind =
    item.kind === 'organisation' ? (vi ? 'Tổ chức' : 'Organisation') : vi ? 'Cá nhân' : 'Personal'
  const device = item.deviceSerial
    ? vi
      ? `, thiết bị ${item.deviceSerial}`
      : `, device ${item.deviceSerial}`
    : ''
  return `- ${item.holderName} — ${kind}, số hiệu ${item.serial}${device}: ${when(item, vi)}`
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
  const expired = items.filter((i) => i.daysLeft < 0).length
  const subject = `[Chứng thư số] ${d.agency.name}: ${items.length} chứng thư số sắp hết hạn${expired ? ` hoặc đã hết hạn` : ''} (${vnDate(new Date(`${d.runDate}T00:00:00+07:00`))})`
  const text = [
    `Kính gửi ${d.agency.name},`,
    '',
    `Các chứng thư số chuyên dùng công vụ sau của cơ quan sắp hết hạn hoặc đã hết hạn:`,
    ...items.map((i) => line(i, true)),
    '',
    RULE_VI,
    '',
    '--- English ---',
    `To ${d.agency.name}: these public-service certificates of your agency are about to expire or have expired:`,
    ...items.map((i) => line(i, false)),
    '',
    RULE_EN,
    '',
    `Mã bản tin / digest id: ${d.digestId}`,
  ].join('\n')
  const payload = {
    digestId: d.digestId,
    runDate: d.runDate,
    agency: d.agency,
    notices: items.map((i) => ({
      ...i,
      threshold: i.threshold === EXPIRED ? 'expired' : i.threshold,
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

/** The department's digest: agencies with certificates within 7 days and no acknowledgement. */
export function composeEscalation(digestId: string, runDate: string, lines: EscalationLine[]) {
  const sorted = [...lines].sort((a, b) => a.soonest - b.soonest || b.count - a.count)
  const subject = `[Chứng thư số] ${sorted.length} cơ quan có chứng thư số hết hạn trong 7 ngày chưa xác nhận gia hạn`
  const text = [
    'Các cơ quan sau có chứng thư số hết hạn trong vòng 7 ngày (hoặc đã hết hạn) mà chưa xác nhận đang gia hạn:',
    ...sorted.map(
      (l) =>
        `- ${l.agency.name} (${l.agency.code}): ${l.count} chứng thư số, sớm nhất ${l.soonest < 0 ? 'đã hết hạn' : `còn ${l.soonest} ngày`}`
    ),
    '',
    '--- English ---',
    'Agencies with certificates expiring within 7 days (or expired) and no renewal acknowledged:',
    ...sorted.map(
      (l) =>
        `- ${l.agency.name} (${l.agency.code}): ${l.count} certificate(s), soonest ${l.soonest < 0 ? 'expired' : `${l.soonest} days left`}`
    ),
    '',
    `Mã bản tin / digest id: ${digestId}`,
  ].join('\n')
  return {
    subject,
    text,
    payload: { digestId, runDate, kind: 'escalation', agencies: sorted, text },
  }
}
