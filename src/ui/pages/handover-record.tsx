import { onDeviceAt } from '../../domain/custody'
import { term } from '../../lib/messages'
import { vnDate } from '../../lib/time'
import { date } from '../format'
import { query, type Page } from '../kit'
import { Layout } from '../layout'
import { agencyNames } from '../pick'

/**
 * The record of a hand-over (or of the return that closed it), laid out as an administrative
 * record for print: the national motto, the title, the record number and date, the two parties,
 * the device and the certificates on it, and the signature blocks. The parts the registry does
 * not know (who hands over for the department) are dotted lines to fill in by hand.
 */
export async function handoverRecord(p: Page, deviceId: string, entryId: string) {
  const vi = p.lang === 'vi'
  const res = await p.api('GET', `/devices/${encodeURIComponent(deviceId)}`)
  if (res.status !== 200) return null
  const d = res.body
  const entry = d.custody.find((e: any) => e.id === entryId)
  if (!entry) return null
  const returned = entry.closedBy === 'return'
  const [holder, certs] = await Promise.all([
    p.api('GET', `/holders/${encodeURIComponent(entry.holderId)}`),
    p.api('GET', `/certificates?${query({ deviceId: d.id, limit: 100 })}`),
  ])
  const h = holder.status === 200 ? holder.body : null
  const names = await agencyNames(p, [h?.agencyId ?? d.agencyId])
  const at = new Date(returned ? entry.returnedAt : entry.assignedAt)
  const [day, month, year] = vnDate(at).split('/')
  const dots = '……………………………………'
  const title = returned
    ? vi
      ? 'BIÊN BẢN THU HỒI THIẾT BỊ LƯU KHÓA BÍ MẬT'
      : 'RECORD OF THE RETURN OF A PRIVATE-KEY DEVICE'
    : vi
      ? 'BIÊN BẢN BÀN GIAO THIẾT BỊ LƯU KHÓA BÍ MẬT'
      : 'RECORD OF THE HAND-OVER OF A PRIVATE-KEY DEVICE'
  const giver = vi ? 'Bên giao' : 'Handed over by'
  const taker = vi ? 'Bên nhận' : 'Received by'
  const department = vi
    ? `Cơ quan quản lý thiết bị: ${dots}; đại diện: ${dots}; chức vụ: ${dots}`
    : `Managing department: ${dots}; represented by: ${dots}; position: ${dots}`
  const person = `${h?.fullName ?? entry.holderName}${h?.position ? `, ${h.position}` : ''} — ${names.get(h?.agencyId ?? d.agencyId) ?? ''}`
  return (
    <Layout page={p} title={title} path="/console/devices">
      <article class="record">
        <div class="motto">
          <p>
            <strong>
              {vi ? 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' : 'SOCIALIST REPUBLIC OF VIET NAM'}
            </strong>
            <br />
            <strong>
              {vi ? 'Độc lập - Tự do - Hạnh phúc' : 'Independence - Freedom - Happiness'}
            </strong>
          </p>
          <p>
            {vi ? 'Số' : 'No.'}: {(returned ? entry.returnRef : entry.handoverRef) ?? dots}
          </p>
          <p class="place">
            <em>
              {vi
                ? `${dots}, ngày ${day} tháng ${month} năm ${year}`
                : `${dots}, ${day}/${month}/${year}`}
            </em>
          </p>
        </div>
        <h2 class="record-title">{title}</h2>
        <p>
          {vi
            ? 'Hôm nay, tại địa điểm nêu trên, chúng tôi gồm:'
            : 'Today, at the place above, the undersigned:'}
        </p>
        <p>
          <strong>{returned ? taker : giver}:</strong> {department}
        </p>
        <p>
          <strong>{returned ? giver : taker}:</strong> {person}
        </p>
        <p>
          {returned
            ? vi
              ? 'Cùng thống nhất thu hồi thiết bị lưu khóa bí mật sau:'
              : 'Agree that the following private-key device is returned:'
            : vi
              ? 'Cùng thống nhất bàn giao thiết bị lưu khóa bí mật sau:'
              : 'Agree that the following private-key device is handed over:'}
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">{vi ? 'Thiết bị' : 'Device'}</th>
              <th scope="col">{vi ? 'Số sê-ri' : 'Serial'}</th>
              <th scope="col">{vi ? 'Chứng thư số trên thiết bị' : 'Certificates on it'}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{d.model}</td>
              <td>{d.serial}</td>
              <td>
                {onDeviceAt(certs.body?.items ?? [], at.toISOString()).map((x: any) => (
                  <div>
                    {x.serial} ({term('certificateKind', x.kind, p.lang)}, {date(x.notBefore)} –{' '}
                    {date(x.notAfter)})
                  </div>
                ))}
              </td>
            </tr>
          </tbody>
        </table>
        {returned && entry.returnNote && (
          <p>
            {vi ? 'Ghi chú' : 'Note'}: {entry.returnNote}
          </p>
        )}
        <p>
          {vi
            ? 'Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản.'
            : 'Made in two copies of equal value, one for each party.'}
        </p>
        <div class="signatures">
          <p>
            <strong>{vi ? 'ĐẠI DIỆN BÊN GIAO' : 'FOR THE PARTY HANDING OVER'}</strong>
            <br />
            <em>{vi ? '(Ký, ghi rõ họ tên)' : '(Signature and full name)'}</em>
          </p>
          <p>
            <strong>{vi ? 'ĐẠI DIỆN BÊN NHẬN' : 'FOR THE RECEIVING PARTY'}</strong>
            <br />
            <em>{vi ? '(Ký, ghi rõ họ tên)' : '(Signature and full name)'}</em>
          </p>
        </div>
        <p class="no-print">
          <button type="button" data-print>
            {vi ? 'In biên bản' : 'Print the record'}
          </button>{' '}
          <a href={`/console/devices/${d.id}`}>{vi ? 'Về thiết bị' : 'Back to the device'}</a>
        </p>
      </article>
    </Layout>
  )
}
