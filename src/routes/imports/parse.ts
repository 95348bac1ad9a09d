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
 * Reads a department's spreadsheet as Excel exports it: UTF-8 with or without BOM, comma or
 * semicolon (detected), quoted fields with commas and line breaks (papaparse), Vietnamese or
 * English headers. Each row keeps the line it starts on in the file, for the error report.
 */
export function parseSheet(text: string): {
  rows: ParsedRow[]
  columnOf: (f: ImportField) => string
} {
  const body = text.replace(/^\uFEFF/, '')
  const rows: { data: string[]; start: number }[] = []
  let offset = 0
  Papa.parse<string[]>(body, {
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy',
    step: (result) => {
      rows.push({ data: result.data, start: offset })
      offset = result.meta.cursor
    },
  })
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
  // Line numbers count the file's lines (a quoted field may span several), 1 = the header.
  let line = 1
  let counted = 0
  const parsed = rows.slice(1).map((row) => {
    for (; counted < row.start; counted++) if (body.charCodeAt(counted) === 10) line++
    const cells: Partial<Record<ImportField, string>> = {}
    fields.forEach((f, i) => f && (cells[f] = unneutralised(row.data[i] ?? '')))
    return {
      line: line + (body.charCodeAt(row.start) === 10 ? 1 : 0),
      ...checkRow(cells),
    }
  })
  return { rows: parsed, columnOf }
}
