import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { FORM_COLUMNS, type RequestFormModel } from './pages/request-form'

/** Times New Roman 13 pt, as administrative documents are set (Nghị định 30/2020/NĐ-CP). */
const FONT = 'Times New Roman'
const SIZE = 26

const run = (text: string, style: { bold?: boolean; italics?: boolean } = {}) =>
  new TextRun({ text, font: FONT, size: SIZE, ...style })
const line = (
  text: string,
  style: { bold?: boolean; italics?: boolean } = {},
  alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER
) => new Paragraph({ alignment, spacing: { after: 60 }, children: [run(text, style)] })
const body = (text: string) =>
  new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: { before: 120, after: 120 },
    indent: { firstLine: 567 },
    children: [run(text)],
  })
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
const borderless = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
}
const cell = (paragraphs: Paragraph[], width?: number) =>
  new TableCell({
    children: paragraphs,
    ...(width && { width: { size: width, type: WidthType.PERCENTAGE } }),
  })

/**
 * A request's form as a Word document, laid out as the printable page: the two-column heading
 * (the agency and its number; the national motto, place and date), the title, the addressee, the
 * opening, the table of subscribers, the reason, the pledge and the signature block. The agency
 * opens it, corrects what it must and signs it digitally.
 */
export async function requestDocx(f: RequestFormModel): Promise<Uint8Array<ArrayBuffer>> {
  const heading = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: borderless,
    rows: [
      new TableRow({
        children: [
          cell(
            [line(f.parentName), line(f.agencyName, { bold: true }), line(`Số: ${f.docNumber}`)],
            40
          ),
          cell(
            [
              line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true }),
              line('Độc lập - Tự do - Hạnh phúc', { bold: true }),
              line(`${f.place}, ngày ${f.day} tháng ${f.month} năm ${f.year}`, { italics: true }),
            ],
            60
          ),
        ],
      }),
    ],
  })
  const subscribers = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: FORM_COLUMNS(f.subjectHead).map((h) => cell([line(h, { bold: true })])),
      }),
      ...f.rows.map(
        (row, n) =>
          new TableRow({
            children: [String(n + 1), ...row].map((text) =>
              cell([line(text, {}, AlignmentType.LEFT)])
            ),
          })
      ),
    ],
  })
  const signatures = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: borderless,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              line('Nơi nhận:', { bold: true, italics: true }, AlignmentType.LEFT),
              line('- Như trên;', {}, AlignmentType.LEFT),
              line('- Lưu: VT.', {}, AlignmentType.LEFT),
            ],
            40
          ),
          cell([line(f.signer, { bold: true }), line(f.signHint, { italics: true })], 60),
        ],
      }),
    ],
  })
  const doc = new Document({
    creator: 'Sổ đăng ký chứng thư số chuyên dùng',
    title: f.title,
    sections: [
      {
        properties: {
          page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } },
        },
        children: [
          ...(f.formNumber ? [line(f.formNumber, { bold: true }, AlignmentType.RIGHT)] : []),
          heading,
          new Paragraph({ spacing: { before: 240 }, children: [] }),
          line(f.title, { bold: true }),
          line(f.addressee),
          body(f.opening),
          subscribers,
          ...(f.reason ? [body(f.reason)] : []),
          ...(f.note ? [body(f.note)] : []),
          body(f.pledge),
          signatures,
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toArrayBuffer(doc))
}
