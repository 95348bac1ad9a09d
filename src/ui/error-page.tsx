import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { languageOf } from '../lib/messages'
import { langOf } from './i18n'
import { Layout } from './layout'

/** What went wrong, for a person: the heading of each status. */
const HEADINGS: Record<number, [string, string]> = {
  400: ['Yêu cầu không hợp lệ', 'Bad request'],
  401: ['Cần đăng nhập', 'Please sign in'],
  403: ['Không có quyền xem trang này', 'You may not see this page'],
  404: ['Không tìm thấy', 'Not found'],
  413: ['Nội dung quá lớn', 'Too large'],
  429: ['Quá nhiều yêu cầu', 'Too many requests'],
}

/** Pages people read: the console and the public page (not the API, its document, or the docs). */
export const isPagePath = (path: string) =>
  path === '/' || path === '/console' || path.startsWith('/console/')

/** The language of a page: the console's choice (its cookie), else what the browser asks for. */
export const pageLanguage = (c: Context<AppEnv>) =>
  c.req.header('cookie')?.includes('lang=')
    ? langOf(c)
    : languageOf(c.req.header('accept-language'))

/**
 * A problem on a page, answered as a page in the console's layout with the status it deserves
 * (403 for a role that may not see it, 404 for a record that does not exist or is out of scope),
 * never a 500 or a JSON body in a browser.
 */
export async function errorPage(c: Context<AppEnv>, status: number, detail: string) {
  const lang = pageLanguage(c)
  const [vi, en] = HEADINGS[status] ?? ['Có lỗi xảy ra', 'Something went wrong']
  const html = (
    <Layout page={{ lang, c }} title={lang === 'vi' ? vi : en} path={c.req.path}>
      <p>{detail}</p>
      <p>
        <a href={c.get('principal')?.role === 'public' ? '/' : '/console'}>
          {lang === 'vi' ? 'Về trang đầu' : 'Back to the start'}
        </a>
      </p>
      <p class="muted">
        {lang === 'vi' ? 'Mã yêu cầu' : 'Request id'}: <code>{c.get('requestId')}</code>
      </p>
    </Layout>
  )
  return c.html(`<!doctype html>${await Promise.resolve(html)}`, status as 404)
}
