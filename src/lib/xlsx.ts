import readXlsxFile from 'read-excel-file/universal'
import writeXlsxFile from 'write-excel-file/universal'

/**
 * Excel workbooks (.xlsx) as the department has them, read and written with read-excel-file and
 * write-excel-file: small, maintained, pure JavaScript on fflate (no Node streams, so they run in
 * workerd), reading the sheet with a SAX parser rather than a DOM.
 */

/** An .xlsx is a ZIP: its first bytes are a local file header, "PK\x03\x04". */
export const isXlsx = (bytes: Uint8Array) =>
  bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const two = (n: number) => String(n).padStart(2, '0')

/**
 * A cell as the text a person typed: a date cell as dd/mm/yyyy (with the time when it has one),
 * a number as written, an empty cell as ''. Excel stores a date as a day count without a time
 * zone; read-excel-file gives it as that moment in UTC, so its UTC parts are the day typed.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) {
    // The reader rounds a time down (23:59:59 may come as 23:59:58.999): to the nearest second.
    const at = new Date(Math.round(value.getTime() / 1000) * 1000)
    const day = `${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${at.getUTCFullYear()}`
    const time = at.getUTCHours() || at.getUTCMinutes() || at.getUTCSeconds()
    return time
      ? `${day} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`
      : day
  }
  return String(value)
}

/** The first sheet's rows as text, each with its row number in the sheet (1 = the first). */
export async function readXlsxRows(bytes: Uint8Array): Promise<{ data: string[]; line: number }[]> {
  const sheets = await readXlsxFile(bytes.slice().buffer as ArrayBuffer)
  const rows = (sheets[0]?.data ?? []) as unknown[][]
  return rows
    .map((row, i) => ({ data: row.map(cellText), line: i + 1 }))
    .filter((row) => row.data.some((cell) => cell.trim() !== ''))
}

/**
 * A workbook of one sheet: a bold header row, then the rows, every cell text unless it is a
 * number (a CCCD, given as text, keeps its leading zero; a date stays as written; nothing is read
 * as a formula).
 */
export async function writeXlsx(
  sheet: string,
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[]
): Promise<Uint8Array<ArrayBuffer>> {
  // A number is a number (a report's figures sum in Excel); anything else is text as written.
  const text = (value: string | number | null | undefined) =>
    typeof value === 'number'
      ? { type: Number, value }
      : // Formatted as text ("@"), so what is typed into it later stays text too (a CCCD).
        { type: String, value: value === null || value === undefined ? '' : value, format: '@' }
  const data = [
    header.map((h) => ({ ...text(h), fontWeight: 'bold' as const })),
    ...rows.map((row) => row.map(text)),
  ]
  const widths = header.map((h, i) =>
    Math.min(
      60,
      Math.max(h.length, ...rows.slice(0, 200).map((r) => String(r[i] ?? '').length)) + 2
    )
  )
  const blob = await writeXlsxFile(data as never, {
    sheet,
    columns: widths.map((width) => ({ width })),
    stickyRowsCount: 1,
  }).toBlob()
  return new Uint8Array(await blob.arrayBuffer())
}
