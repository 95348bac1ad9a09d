import { REASONS } from '../../domain/reasons'
import { vnDate } from '../../lib/time'
import { date } from '../format'
import type { Page } from '../kit'
import { Layout } from '../layout'

/** The printed form of each kind (ND 68's annexes: Mẫu 01, 02, 03 for an issue by certificate kind). */
const TITLES: Record<string, string> = {
  issue: 'ĐỀ NGHỊ CẤP CHỨNG THƯ CHỮ KÝ SỐ CHUYÊN DÙNG CÔNG VỤ',
  renewal: 'ĐỀ NGHỊ GIA HẠN CHỨNG THƯ CHỮ KÝ SỐ CHUYÊN DÙNG CÔNG VỤ',
  change: 'ĐỀ NGHỊ THAY ĐỔI NỘI DUNG THÔNG TIN CỦA CHỨNG THƯ CHỮ KÝ SỐ CHUYÊN DÙNG CÔNG VỤ',
  revocation: 'ĐỀ NGHỊ THU HỒI CHỨNG THƯ CHỮ KÝ SỐ CHUYÊN DÙNG CÔNG VỤ',
  recovery: 'ĐỀ NGHỊ KHÔI PHỤC THIẾT BỊ LƯU KHÓA BÍ MẬT',
}
const FORM: Record<string, string> = {
  personal: 'Mẫu 01',
  organisation: 'Mẫu 02',
  device_service: 'Mẫu 03',
}

/**
 * A request, filled in as the form the agency's head signs: the agency header and number, the
 * national motto, place and date, the addressee, the table of subscribers (thuê bao) or of what
 * it concerns, the reason, and the signature block. Printed from the browser (print CSS); every
 * part of the text can be corrected on the page before printing (the annexes' exact wording is
 * the decree's: see README).
 */
export async function requestForm(p: Page, id: string) {
  const res = await p.api('GET', `/requests/${encodeURIComponent(id)}`)
  if (res.status !== 200) return null
  const r = res.body
  const agency = (await p.api('GET', `/agencies/${r.agencyId}`)).body
  const parent = agency.parentId ? (await p.api('GET', `/agencies/${agency.parentId}`)).body : null
  const rows = await Promise.all(
    r.items.map(async (i: any) => {
      const cert = i.certificateId
        ? (await p.api('GET', `/certificates/${i.certificateId}`)).body
        : null
      const holderId = i.holderId ?? cert?.holder?.id
      const holder = holderId ? (await p.api('GET', `/holders/${holderId}`)).body : null
      const device = i.deviceId ? (await p.api('GET', `/devices/${i.deviceId}`)).body : null
      return { cert, holder, device }
    })
  )
  const [day, month, year] = vnDate(
    new Date(r.docDate ? `${r.docDate}T00:00:00+07:00` : r.createdAt)
  ).split('/')
  const dots = '………………'
  const form = r.kind === 'issue' ? FORM[r.certificateKind] : null
  return (
    <Layout page={p} title={TITLES[r.kind]} path="/console/requests">
      <article class="record form" contenteditable spellcheck={false}>
        {form && <p class="form-number">{form}</p>}
        <div class="form-head">
          <p>
            {parent?.name.toUpperCase() ?? ''}
            <br />
            <strong>{agency.name.toUpperCase()}</strong>
            <br />
            Số: {r.docNumber ?? dots}
          </p>
          <p>
            <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
            <br />
            <strong>Độc lập - Tự do - Hạnh phúc</strong>
            <br />
            <em>
              {dots}, ngày {day} tháng {month} năm {year}
            </em>
          </p>
        </div>
        <h2 class="record-title">{TITLES[r.kind]}</h2>
        <p class="addressee">
          Kính gửi: Cục Chứng thực số và Bảo mật thông tin - Ban Cơ yếu Chính phủ.
        </p>
        <p>
          Căn cứ Nghị định số 68/2024/NĐ-CP ngày 25 tháng 6 năm 2024 của Chính phủ quy định về chữ
          ký số chuyên dùng công vụ, {agency.name} (cơ quan, tổ chức quản lý trực tiếp) đề nghị:
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">STT</th>
              <th scope="col">
                {r.kind === 'recovery' ? 'Thiết bị' : 'Thuê bao (họ và tên / tên cơ quan)'}
              </th>
              <th scope="col">Số định danh cá nhân</th>
              <th scope="col">Chức vụ</th>
              <th scope="col">Thư điện tử, điện thoại</th>
              <th scope="col">Chứng thư số</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, n) => (
              <tr>
                <td>{n + 1}</td>
                <td>
                  {row.device
                    ? `${row.device.model}, số sê-ri ${row.device.serial}`
                    : (row.holder?.fullName ?? '')}
                </td>
                <td>{row.holder?.nationalId ?? ''}</td>
                <td>{row.holder?.position ?? ''}</td>
                <td>{[row.holder?.email, row.holder?.phone].filter(Boolean).join(', ')}</td>
                <td>{row.cert ? `${row.cert.serial} (đến ${date(row.cert.notAfter)})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {r.kind === 'revocation' && r.reasonCode !== null && (
          <p>
            Lý do thu hồi: {REASONS[r.reasonCode as 1].cause}. {r.cause}
          </p>
        )}
        {r.note && <p>{r.note}</p>}
        <p>
          {agency.name} cam kết các thông tin nêu trên là đúng sự thật và chịu trách nhiệm về các
          thông tin đã cung cấp.
        </p>
        <div class="signatures">
          <p>
            <em>Nơi nhận:</em>
            <br />- Như trên;
            <br />- Lưu: VT.
          </p>
          <p>
            <strong>THỦ TRƯỞNG CƠ QUAN, TỔ CHỨC</strong>
            <br />
            <em>(Ký số hoặc ký, ghi rõ họ tên, đóng dấu)</em>
          </p>
        </div>
      </article>
      <p class="no-print">
        <button type="button" data-print>
          In văn bản
        </button>{' '}
        <a href={`/console/requests/${r.id}`}>Về yêu cầu</a>
      </p>
    </Layout>
  )
}
