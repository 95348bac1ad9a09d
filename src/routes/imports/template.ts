import { createRoute } from '@hono/zod-openapi'
import { admins } from '../../auth/principal'
import type { App } from '../../env'
import { problems } from '../../http/openapi'
import { writeXlsx, XLSX_TYPE } from '../../lib/xlsx'

/** The columns a department fills in, and one row as an example (every cell text). */
const TEMPLATE = {
  header: [
    'Họ tên',
    'Số CCCD',
    'Chức vụ',
    'Mã cơ quan',
    'Loại',
    'Số hiệu',
    'Tổ chức cấp',
    'Chủ thể',
    'Ngày hiệu lực',
    'Ngày hết hạn',
    'Số serial thiết bị',
    'Ghi chú',
  ],
  example: [
    'Nguyễn Văn An',
    '001203004589',
    'Chuyên viên',
    'SKHCN',
    'Cá nhân',
    '54:0A:1B:2C:3D',
    'Ban Cơ yếu Chính phủ',
    'CN=Nguyễn Văn An,O=Sở Khoa học và Công nghệ,C=VN',
    '01/01/2026',
    '31/12/2028',
    'TK-000123',
    'Dòng ví dụ: xóa trước khi nhập',
  ],
}

/** Empty rows already formatted as text: a CCCD typed into them keeps its leading zero. */
const BLANK = Array.from({ length: 200 }, () => TEMPLATE.header.map(() => ''))

const route = createRoute({
  method: 'get',
  path: '/imports/certificates/template.xlsx',
  tags: ['Import and export'],
  summary: 'The certificate import template: the columns POST /imports/certificates reads',
  description:
    'An Excel workbook with the Vietnamese headers, one example row and 200 empty rows; every cell is formatted as text, so a CCCD typed into it keeps its leading zero. "Loại" is Cá nhân, Tổ chức or Thiết bị, dịch vụ; dates dd/mm/yyyy.',
  middleware: [admins()] as const,
  responses: {
    200: {
      description: 'The template',
      content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
    },
    ...problems(401, 403),
  },
})

export const registerImportTemplate = (api: App) =>
  api.openapi(route, async (c) =>
    c.body(await writeXlsx('Mẫu nhập', TEMPLATE.header, [TEMPLATE.example, ...BLANK]), 200, {
      'content-type': XLSX_TYPE,
      'content-disposition': 'attachment; filename="mau-nhap-chung-thu-so.xlsx"',
    })
  )
