import { createRoute, z } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Request } from '../../../schemas/request'
import { EDITABLE } from '../../domain/requests'
import type { App } from '../../env'
import { IfMatch, json, problems } from '../../http/openapi'
import { fileContent, readUpload } from '../../http/upload'
import { checkIfMatch, etag } from '../../http/versions'
import { Problem, type FieldError } from '../../lib/problem'
import { normaliseSerial } from '../../lib/serial'
import { fold } from '../../lib/text'
import { writeXlsx, XLSX_TYPE } from '../../lib/xlsx'
import { sheetRows } from '../imports/parse'
import { items, requesters, saveEdit, visibleRequest } from './index'

/** The columns of a request's sheet: who or what each row concerns (any one is enough). */
const COLUMNS = ['Họ tên', 'Số CCCD', 'Chức vụ', 'Số hiệu chứng thư số', 'Số sê-ri thiết bị']
type Column = 'name' | 'cccd' | 'serial' | 'device'
const HEADERS: Record<string, Column> = {
  'ho ten': 'name',
  'ho va ten': 'name',
  'full name': 'name',
  'so cccd': 'cccd',
  cccd: 'cccd',
  'national id': 'cccd',
  'so hieu chung thu so': 'serial',
  'so hieu': 'serial',
  serial: 'serial',
  'so se-ri thiet bi': 'device',
  'so serial thiet bi': 'device',
  'device serial': 'device',
}

/** The largest sheet a request takes: agencies file for a few hundred people at most. */
const MAX_ROWS = 500

const template = createRoute({
  method: 'get',
  path: '/requests/template.xlsx',
  tags: ['Requests'],
  summary: 'The template of a request for several people, certificates or devices',
  description:
    'One row each: the person (full name, CCCD) for an issue; the certificate’s serial for a renewal, change or revocation; the device’s serial for a recovery. Every cell formatted as text.',
  middleware: [requesters()] as const,
  responses: {
    200: {
      description: 'The template',
      content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
    },
    ...problems(401, 403),
  },
})

const upload = createRoute({
  method: 'post',
  path: '/requests/{id}/items',
  tags: ['Requests'],
  summary: 'Fill a draft’s people, certificates or devices from a spreadsheet (.xlsx or CSV)',
  description:
    'Each row names a person of the request’s agency (by CCCD, or by full name when it names one person in post), a certificate of it (by serial) or a device of it (by serial). The rows replace the request’s items, through the same rules as PATCH; any row that names nothing, or several, refuses the whole sheet (422, each by line and column) and nothing is written.',
  middleware: [requesters()] as const,
  request: {
    params: IdParam,
    headers: IfMatch,
    body: {
      required: false,
      content: {
        'text/csv': { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
        ...fileContent(),
      },
    },
  },
  responses: {
    200: json(Request, 'The request with its items'),
    ...problems(400, 401, 403, 404, 409, 412, 413, 422),
  },
})

export function registerRequestSheets(api: App) {
  api.openapi(template, async (c) => {
    const example = ['Nguyễn Văn An', '001203004589', 'Chuyên viên', '', '']
    const blank = Array.from({ length: 200 }, () => COLUMNS.map(() => ''))
    return c.body(await writeXlsx('Yêu cầu', COLUMNS, [example, ...blank]), 200, {
      'content-type': XLSX_TYPE,
      'content-disposition': 'attachment; filename="mau-yeu-cau.xlsx"',
    })
  })

  api.openapi(upload, async (c) => {
    const db = c.env.DB
    const before = await visibleRequest(c, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    if (!EDITABLE.includes(before.state))
      throw new Problem(409, 'request-wrong-state', { state: before.state, action: 'edit' })
    const [head, ...rows] = await sheetRows(await readUpload(c, 1024 * 1024))
    if (!head || !rows.length)
      throw new Problem(422, 'empty-file', {}, [{ path: 'file', code: 'empty' }])
    if (rows.length > MAX_ROWS)
      throw new Problem(413, 'too-many-rows', { rows: rows.length, max: MAX_ROWS })
    const columns = head.data.map((h) => HEADERS[fold(h).replace(/\s+/g, ' ').trim()])
    const cell = (row: string[], column: Column) => row[columns.indexOf(column)]?.trim() ?? ''
    const agency = before.agencyId
    const errors: FieldError[] = []
    const found: { holderId?: string; certificateId?: string; deviceId?: string }[] = []
    for (const { data, line } of rows) {
      const at = (column: Column) => `line ${line}: ${head.data[columns.indexOf(column)]}`
      const one = async (column: Column, sql: string, ...params: unknown[]) => {
        const { results } = await db
          .prepare(`${sql} LIMIT 2`)
          .bind(...params)
          .all<{ id: string }>()
        if (results.length === 1) return results[0].id
        errors.push({
          path: at(column),
          code: results.length ? 'sheet-names-several' : 'sheet-names-nothing',
          params: { value: cell(data, column) },
        })
        return undefined
      }
      const item: (typeof found)[number] = {}
      const serial = cell(data, 'serial')
      if (serial)
        item.certificateId = await one(
          'serial',
          'SELECT id FROM certificates WHERE serial = ?1 AND agency_id = ?2',
          normaliseSerial(serial) ?? serial,
          agency
        )
      const device = cell(data, 'device')
      if (device)
        item.deviceId = await one(
          'device',
          'SELECT id FROM devices WHERE agency_id = ?1 AND serial = ?2',
          agency,
          device
        )
      const cccd = cell(data, 'cccd')
      const name = cell(data, 'name')
      // The person, when the row is about a person (not a certificate or device, which say whose).
      if (!serial && !device) {
        if (cccd)
          item.holderId = await one(
            'cccd',
            'SELECT id FROM holders WHERE national_id = ?1 AND agency_id = ?2',
            cccd,
            agency
          )
        else if (name)
          item.holderId = await one(
            'name',
            "SELECT id FROM holders WHERE agency_id = ?1 AND name_key = ?2 AND status = 'in_post'",
            agency,
            fold(name)
          )
        else errors.push({ path: `line ${line}`, code: 'sheet-row-empty' })
      }
      found.push(item)
    }
    if (errors.length) throw new Problem(422, 'request-sheet-rejected', {}, errors)
    const now = new Date()
    const after = {
      ...before,
      items: items(found),
      version: before.version + 1,
      updatedAt: now.toISOString(),
    }
    await saveEdit(c, before, after, ifMatch, now)
    return c.json(after, 200, { ETag: etag(after.version) })
  })
}
