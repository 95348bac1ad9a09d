import Papa from 'papaparse'
import {
  checkRow,
  fieldOf,
  type CellError,
  type ImportField,
  type ImportRecord,
} from '../../domain/import-rows'
import { unneutralised } from '../../lib/csv'
import { Problem } from '../../lib/problem'
import { isXlsx, readXlsxRows } from '../../lib/xlsx'

export interface ParsedRow {
  line: number
  record?: ImportRecord
  errors?: CellError[]
}

const REQUIRED: ImportField[] = [
  'fullName',
  'agencyCode',
  'kind',
  'serial',
  'issuer',
  'notBefore',
  'notAfter',
]

/**
 * Reads a department's spreadsheet as Excel saves it: an .xlsx workbook (its first sheet), or CSV
 * in UTF-8 with or without BOM, comma or semicolon (detected), quoted fields with commas and line
 * breaks (papaparse). Vietnamese or English headers. Each row keeps its line in the file (the
 * sheet's row number for a workbook), for the error report.
 */
export async function readSheet(bytes: Uint8Array) {
  return parseTable(await sheetRows(bytes))
}

/**
 * A spreadsheet's rows as text, each with its line in the file: an .xlsx's first sheet, or CSV.
 * A ZIP that is no workbook (a .docx, a truncated file) is refused, not a 500.
 */
export async function sheetRows(bytes: Uint8Array): Promise<{ data: string[]; line: number }[]> {
  if (!isXlsx(bytes)) return csvRows(new TextDecoder().decode(bytes))
  try {
    return await readXlsxRows(bytes)
  } catch {
    throw new Problem(422, 'not-a-workbook', {}, [{ path: 'file', code: 'not-a-workbook' }])
  }
}

/** A CSV text's rows, each with the line of the file it starts on (a quoted field may span several). */
function csvRows(text: string) {
  const body = text.replace(/^\uFEFF/, '')
  const rows: { data: string[]; line: number }[] = []
  let offset = 0
  let line = 1
  let counted = 0
  Papa.parse<string[]>(body, {
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy',
    step: (result) => {
      for (; counted < offset; counted++) if (body.charCodeAt(counted) === 10) line++
      rows.push({
        data: result.data.map(unneutralised),
        line: line + (body.charCodeAt(offset) === 10 ? 1 : 0),
      })
      offset = result.meta.cursor
    },
  })
  return rows
}

/** The header names the columns; each row after it becomes a record, or its cells' errors. */
function parseTable(rows: { data: string[]; line: number }[]): {
  rows: ParsedRow[]
  columnOf: (f: ImportField) => string
} {
  if (!rows.length) throw new Problem(422, 'empty-file', {}, [{ path: 'file', code: 'empty' }])
  const headers = rows[0].data.map((h) => h.normalize('NFC').trim())
  const fields = headers.map(fieldOf)
  const missing = REQUIRED.filter((f) => !fields.includes(f))
  if (missing.length)
    throw new Problem(
      422,
      'missing-columns',
      { columns: missing.join(', ') },
      missing.map((f) => ({ path: f, code: 'column-missing' }))
    )
  const columnOf = (f: ImportField) => headers[fields.indexOf(f)] ?? f
  const parsed = rows.slice(1).map((row) => {
    const cells: Partial<Record<ImportField, string>> = {}
    fields.forEach((f, i) => f && (cells[f] = row.data[i] ?? ''))
    return { line: row.line, ...checkRow(cells) }
  })
  return { rows: parsed, columnOf }
}
