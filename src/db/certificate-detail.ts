import { toAgency, type AgencyRow } from './agencies'
import {
  certificateById,
  renewalChainStatement,
  toCertificate,
  type CertificateRow,
} from './certificates'
import { toDevice, type DeviceRow } from './devices'
import { holderColumns, toHolder, type HolderRow } from './holders'
import { noticeListQuery, toNotice, type NoticeRow } from './notice-list'

/** How many of a certificate's notices its detail shows, by due date (one per threshold: five by default). */
const NOTICES = 50

/**
 * A certificate with its holder, agency, device, renewal chain and notices, in one batch: one
 * round trip to D1 (the related rows are found through the certificate's id, so nothing waits
 * for the certificate first) and one consistent snapshot. Null when there is no such certificate.
 */
export async function certificateDetail(db: D1Database, id: string) {
  const through = (table: string, column: string, select = `${table[0]}.*`) =>
    db
      .prepare(
        `SELECT ${select} FROM certificates c JOIN ${table} ${table[0]} ON ${table[0]}.id = c.${column} WHERE c.id = ?1`
      )
      .bind(id)
  const notices = noticeListQuery({ certificateId: id, limit: NOTICES })
  const [certificate, holder, agency, device, chain, noticeRows] = await db.batch<any>([
    certificateById(db, id),
    through('holders', 'holder_id', holderColumns.replace(/(\w+)/g, 'h.$1')),
    through('agencies', 'agency_id'),
    through('devices', 'device_id'),
    renewalChainStatement(db, id),
    db.prepare(notices.sql).bind(...notices.params),
  ])
  const row = certificate.results[0] as CertificateRow | undefined
  if (!row) return null
  const deviceRow = device.results[0] as DeviceRow | undefined
  return {
    certificate: toCertificate(row),
    holder: toHolder(holder.results[0] as HolderRow),
    agency: toAgency(agency.results[0] as AgencyRow),
    device: deviceRow ? toDevice(deviceRow) : null,
    chain: (chain.results as CertificateRow[]).map(toCertificate),
    notices: (noticeRows.results as NoticeRow[]).slice(0, NOTICES).map(toNotice),
  }
}
