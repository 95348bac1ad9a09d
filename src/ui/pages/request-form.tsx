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

/** A request's form, filled in: the same words for the printable page and the DOCX. */
export interface RequestFormModel {
  id: string
  formNumber: string | null
  title: string
  parentName: string
  agencyName: string
  docNumber: string
  place: string
  day: string
  month: string
  year: string
  addressee: string
  opening: string
  subjectHead: string
  rows: [string, string, string, string, string][]
  reason: string | null
  note: string | null
  pledge: string
  signer: string
  signHint: string
}

const DOTS = '………………'

/** The headers of the subscribers' table, as the form prints them. */
export const FORM_COLUMNS = (subjectHead: string) => [
  'STT',
  subjectHead,
  'Số định danh cá nhân',
  'Chức vụ',
  'Thư điện tử, điện thoại',
  'Chứng thư số',
]

/** Reads a request and what it concerns, and fills in its form (null: no such request). */
export async function requestFormModel(p: Page, id: string): Promise<RequestFormModel | null> {
  const res = await p.api('GET', `/requests/${encodeURIComponent(id)}`)
  if (res.status !== 200) return null
  const r = res.body
  const agency = (await p.api('GET', `/agencies/${r.agencyId}`)).body
  // The parent's name heads the form; an officer may not see the parent (outside their scope):
  // the line is then left to fill in.
  const above = agency.parentId ? await p.api('GET', `/agencies/${agency.parentId}`) : null
  const parent = above?.status === 200 ? above.body : null
  const rows = await Promise.all(
    r.items.map(async (i: any) => {
      // What the reader may not see (moved out of an officer's scope since) is left blank.
      const read = async (path: string | null) => {
        const answer = path ? await p.api('GET', path) : null
        return answer?.status === 200 ? answer.body : null
      }
      const cert = await read(i.certificateId && `/certificates/${i.certificateId}`)
      const holderId = i.holderId ?? cert?.holder?.id
      const holder = await read(holderId && `/holders/${holderId}`)
      const device = await read(i.deviceId && `/devices/${i.deviceId}`)
      return { cert, holder, device }
    })
  )
  const [day, month, year] = vnDate(
    new Date(r.docDate ? `${r.docDate}T00:00:00+07:00` : r.createdAt)
  ).split('/')
  return {
    id: r.id,
    formNumber: r.kind === 'issue' ? FORM[r.certificateKind] : null,
    title: TITLES[r.kind],
    parentName: parent?.name.toUpperCase() ?? DOTS,
    agencyName: agency.name.toUpperCase(),
    docNumber: r.docNumber ?? DOTS,
    place: DOTS,
    day,
    month,
    year,
    addressee: 'Kính gửi: Cục Chứng thực số và Bảo mật thông tin - Ban Cơ yếu Chính phủ.',
    opening: `Căn cứ Nghị định số 68/2024/NĐ-CP ngày 25 tháng 6 năm 2024 của Chính phủ quy định về chữ ký số chuyên dùng công vụ, ${agency.name} (cơ quan, tổ chức quản lý trực tiếp) đề nghị:`,
    subjectHead: r.kind === 'recovery' ? 'Thiết bị' : 'Thuê bao (họ và tên / tên cơ quan)',
    rows: rows.map((row) => [
      row.device
        ? `${row.device.model}, số sê-ri ${row.device.serial}`
        : (row.holder?.fullName ?? ''),
      row.holder?.nationalId ?? '',
      row.holder?.position ?? '',
      [row.holder?.email, row.holder?.phone].filter(Boolean).join(', '),
      row.cert ? `${row.cert.serial} (đến ${date(row.cert.notAfter)})` : '',
    ]),
    reason:
      r.kind === 'revocation' && r.reasonCode !== null
        ? `Lý do thu hồi: ${REASONS[r.reasonCode as 1].cause}. ${r.cause ?? ''}`.trim()
        : null,
    note: r.note,
    pledge: `${agency.name} cam kết các thông tin nêu trên là đúng sự thật và chịu trách nhiệm về các thông tin đã cung cấp.`,
    signer: 'THỦ TRƯỞNG CƠ QUAN, TỔ CHỨC',
    signHint: '(Ký số hoặc ký, ghi rõ họ tên, đóng dấu)',
  }
}

/**
 * A request, filled in as the form the agency's head signs: the agency header and number, the
 * national motto, place and date, the addressee, the table of subscribers (thuê bao) or of what
 * it concerns, the reason, and the signature block. Printed from the browser (print CSS); every
 * part of the text can be corrected on the page before printing (the annexes' exact wording is
 * the decree's: see README). The same form downloads as a DOCX to sign digitally.
 */
export async function requestForm(p: Page, id: string) {
  const f = await requestFormModel(p, id)
  if (!f) return null
  return (
    <Layout page={p} title={f.title} path="/console/requests">
      <article class="record form" contenteditable spellcheck={false}>
        {f.formNumber && <p class="form-number">{f.formNumber}</p>}
        <div class="form-head">
          <p>
            {f.parentName}
            <br />
            <strong>{f.agencyName}</strong>
            <br />
            Số: {f.docNumber}
          </p>
          <p>
            <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
            <br />
            <strong>Độc lập - Tự do - Hạnh phúc</strong>
            <br />
            <em>
              {f.place}, ngày {f.day} tháng {f.month} năm {f.year}
            </em>
          </p>
        </div>
        <h2 class="record-title">{f.title}</h2>
        <p class="addressee">{f.addressee}</p>
        <p>{f.opening}</p>
        <table class="numbered">
          <thead>
            <tr>
              {FORM_COLUMNS(f.subjectHead).map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {f.rows.map((row, n) => (
              <tr>
                <td>{n + 1}</td>
                {row.map((cell) => (
                  <td>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {f.reason && <p>{f.reason}</p>}
        {f.note && <p>{f.note}</p>}
        <p>{f.pledge}</p>
        <div class="signatures">
          <p>
            <em>Nơi nhận:</em>
            <br />- Như trên;
            <br />- Lưu: VT.
          </p>
          <p>
            <strong>{f.signer}</strong>
            <br />
            <em>{f.signHint}</em>
          </p>
        </div>
      </article>
      <p class="no-print">
        <button type="button" data-print>
          In văn bản
        </button>{' '}
        <a href={`/console/requests/${f.id}/form.docx`}>Tải bản Word (.docx) để ký số</a>{' '}
        <a href={`/console/requests/${f.id}`}>Về yêu cầu</a>
      </p>
    </Layout>
  )
}
