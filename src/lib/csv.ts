import { VN_OFFSET_MS } from './time'

/**
 * A cell a spreadsheet would read as a formula (OWASP: it starts with =, +, -, @, a tab or a CR)
 * is written with a leading apostrophe, so Excel shows it as text and never runs it; the import
 * reads such a cell back as the original text (`unneutralised`).
 */
const FORMULA = /^[=+\-@\t\r]/

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, semicolon or line break. */
export const csvField = (value: unknown) => {
  const raw = value === null || value === undefined ? '' : String(value)
  const text = FORMULA.test(raw) ? `'${raw}` : raw
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A cell as it was before the export neutralised it (the apostrophe before a formula sign dropped). */
export const unneutralised = (cell: string) =>
  cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell

/** One CSV line, CRLF-terminated as Excel writes it. */
export const csvLine = (values: unknown[]) => `${values.map(csvField).join(',')}\r\n`

/** "dd/mm/yyyy HH:mm:ss" in Vietnam time: how the department's spreadsheets write an instant. */
export function vnDateTime(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

/**
 * A streamed CSV response: the rows are written page by page as `produce` yields them, so a
 * million rows never sit in memory. UTF-8 with a BOM, so Excel reads Vietnamese correctly.
 */
export function csvResponse(
  filename: string,
  waitUntil: (p: Promise<unknown>) => void,
  produce: (write: (line: string) => Promise<void>) => Promise<void>
) {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
  const writer = writable.getWriter()
  const encoder = new TextEncoder()
  const write = (line: string) => writer.write(encoder.encode(line))
  waitUntil(
    (async () => {
      try {
        await write('\uFEFF')
        await produce(write)
        await writer.close()
      } catch (error) {
        console.error(
          JSON.stringify({
            level: 'error',
            message: 'csv export failed',
            file: filename,
            error: String((error as Error)?.message ?? error),
          })
        )
        await writer.abort(error)
      }
    })()
  )
  return new Response(readable, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  })
}
