import { Csrf, Flash } from '../components'
import { count } from '../format'
import type { Page } from '../kit'
import { Layout } from '../layout'

/** The spreadsheet import (admins): upload, preview with a dry run, then import for real. */
export function importPage(p: Page, result?: any, error?: string) {
  const { t, c } = p
  const vi = p.lang === 'vi'
  const csrf = c.get('session')?.csrf
  return (
    <Layout
      page={p}
      title={vi ? 'Nhập từ bảng tính' : 'Import a spreadsheet'}
      path="/console/import"
    >
      {error && <Flash ok={false}>{error}</Flash>}
      <p>
        <a href="/api/v1/imports/certificates/template.xlsx" download>
          {vi ? 'Tải mẫu bảng tính (.xlsx)' : 'Download the template (.xlsx)'}
        </a>
      </p>
      <form class="card" method="post" action="/console/import" enctype="multipart/form-data">
        <Csrf token={csrf} />
        <div class="fields">
          <div>
            <label for="f-file">
              {vi ? 'Tệp bảng tính: Excel (.xlsx) hoặc CSV' : 'Spreadsheet: Excel (.xlsx) or CSV'}
            </label>
            <input
              id="f-file"
              name="file"
              type="file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              required
            />
          </div>
          <div>
            <label for="f-mode">{vi ? 'Cách nhập' : 'Mode'}</label>
            <select id="f-mode" name="mode">
              <option value="dry">
                {vi ? 'Xem trước (không ghi)' : 'Preview (writes nothing)'}
              </option>
              <option value="real">{vi ? 'Nhập các dòng hợp lệ' : 'Import the valid rows'}</option>
              <option value="atomic">
                {vi ? 'Nhập tất cả hoặc không nhập gì' : 'All rows or nothing'}
              </option>
            </select>
          </div>
        </div>
        <p>
          <button type="submit">{vi ? 'Gửi' : 'Send'}</button>
        </p>
      </form>
      {result && (
        <section class="card" aria-live="polite">
          <h2>{result.dryRun ? (vi ? 'Xem trước' : 'Preview') : vi ? 'Đã nhập' : 'Imported'}</h2>
          <p>
            {vi ? 'Tạo mới' : 'Created'}: {count(result.created)} · {vi ? 'Cập nhật' : 'Updated'}:{' '}
            {count(result.updated)} · {vi ? 'Không đổi' : 'Unchanged'}: {count(result.unchanged)} ·{' '}
            {vi ? 'Bị từ chối' : 'Rejected'}: {count(result.rejected.length)}
          </p>
          {result.rejected.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">{vi ? 'Dòng' : 'Line'}</th>
                  <th scope="col">{vi ? 'Cột' : 'Column'}</th>
                  <th scope="col">{t('reason')}</th>
                </tr>
              </thead>
              <tbody>
                {result.rejected.slice(0, 500).map((r: any) => (
                  <tr>
                    <td>{r.line}</td>
                    <td>{r.column}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </Layout>
  )
}
