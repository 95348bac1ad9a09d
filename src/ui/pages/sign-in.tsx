import { Field, Flash } from '../components'
import type { Page } from '../kit'
import { Layout } from '../layout'

/** The sign-in page: an API key, or Cloudflare Access when it is configured. */
export function signInPage(p: Page, error?: string, access = false, token = '') {
  const { t } = p
  return (
    <Layout page={p} title={t('signIn')} path="/console/sign-in">
      {error && <Flash ok={false}>{error}</Flash>}
      <form class="card" method="post" action="/console/sign-in">
        <input type="hidden" name="_signin" value={token} />
        <div class="fields">
          <Field
            name="apiKey"
            label={t('apiKey')}
            type="password"
            required
            attrs={{ autocomplete: 'current-password' }}
          />
        </div>
        <p>
          <button type="submit">{t('signIn')}</button>
        </p>
      </form>
      {access && (
        <p>
          <a class="button" href="/console/access">
            {t('signInAccess')}
          </a>
        </p>
      )}
    </Layout>
  )
}
