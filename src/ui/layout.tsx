import type { Child } from 'hono/jsx'
import { translator } from './i18n'
import type { Page } from './kit'

interface LayoutProps {
  /** The page being drawn: its language, and who is asking (principal, console session). */
  page: Pick<Page, 'lang' | 'c'>
  title: string
  path: string
  children: Child
}

/** The one layout: header with navigation (console) or just the title (public), then the page. */
export function Layout({ page, title, path, children }: LayoutProps) {
  const { lang, c } = page
  const principal = c.get('principal')
  const csrf = c.get('session')?.csrf
  const t = translator(lang)
  const signedIn = principal && principal.role !== 'public'
  const links: [string, string, boolean][] = [
    ['/console', t('dashboard'), true],
    ['/console/certificates', t('certificates'), true],
    ['/console/holders', lang === 'vi' ? 'Thuê bao' : 'Holders', true],
    ['/console/requests', lang === 'vi' ? 'Yêu cầu' : 'Requests', true],
    ['/console/devices', t('devices'), true],
    ['/console/agencies', t('agencies'), true],
    ['/console/notices', t('notices'), true],
    ['/console/reports', lang === 'vi' ? 'Báo cáo' : 'Reports', true],
    ['/console/import', lang === 'vi' ? 'Nhập bảng tính' : 'Import', principal?.role === 'admin'],
    [
      '/console/issuers',
      t('issuers'),
      principal?.role === 'admin' || principal?.role === 'auditor',
    ],
    ['/console/keys', t('keys'), principal?.role === 'admin'],
    ['/console/audit', t('audit'), principal?.role === 'admin' || principal?.role === 'auditor'],
  ]
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('title')}`}</title>
        <link rel="stylesheet" href="/ui/app.css" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <script src="/ui/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t('skip')}
        </a>
        <header>
          <a class="title" href={signedIn ? '/console' : '/'}>
            {t('title')}
          </a>
          {signedIn && (
            <nav aria-label={lang === 'vi' ? 'Điều hướng chính' : 'Main navigation'}>
              <ul>
                {links
                  .filter(([, , shown]) => shown)
                  .map(([href, label]) => (
                    <li>
                      <a
                        href={href}
                        aria-current={
                          path === href || (href !== '/console' && path.startsWith(href))
                            ? 'page'
                            : undefined
                        }
                      >
                        {label}
                      </a>
                    </li>
                  ))}
              </ul>
            </nav>
          )}
          <a
            href={`/lang?to=${lang === 'vi' ? 'en' : 'vi'}&back=${encodeURIComponent(path)}`}
            lang={lang === 'vi' ? 'en' : 'vi'}
          >
            {t('language')}
          </a>
          {signedIn ? (
            <form method="post" action="/console/sign-out">
              <input type="hidden" name="_csrf" value={csrf ?? ''} />
              <button type="submit">
                {t('signOut')} ({principal!.name})
              </button>
            </form>
          ) : (
            <a href="/console/sign-in">{t('signIn')}</a>
          )}
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  )
}
