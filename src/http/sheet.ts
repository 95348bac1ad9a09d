import type { Context } from 'hono'
import { csvLine } from '../lib/csv'
import { writeXlsx, XLSX_TYPE } from '../lib/xlsx'

/**
 * A report's table as the spreadsheet asked for: CSV (UTF-8 with the BOM Excel needs) or an
 * Excel workbook (numbers as numbers, text as text). `file` is the name without its extension.
 */
export async function sheetAnswer(
  c: Context,
  format: 'csv' | 'xlsx',
  file: string,
  head: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[]
) {
  if (format === 'xlsx')
    return c.body(await writeXlsx(file, head, rows), 200, {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="${file}.xlsx"`,
    })
  return c.body(`\uFEFF${csvLine([...head])}${rows.map((r) => csvLine([...r])).join('')}`, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${file}.csv"`,
  })
}
