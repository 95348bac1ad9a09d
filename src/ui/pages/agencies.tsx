import type { Child } from 'hono/jsx'
import type { Page } from '../kit'
import { Layout } from '../layout'
import { query } from '../kit'

/** The agency tree, every level, as nested lists (each agency links to its certificates). */
export async function agencyTree(p: Page) {
  const { t } = p
  const all: any[] = []
  let cursor: string | null = null
  for (let i = 0; i < 20; i++) {
    const page: any = await p.api('GET', `/agencies?${query({ limit: 200, cursor })}`)
    all.push(...page.body.items)
    cursor = page.body.nextCursor
    if (!cursor) break
  }
  const ids = new Set(all.map((a) => a.id))
  const children = (parent: string | null) =>
    all.filter((a) =>
      parent === null ? !a.parentId || !ids.has(a.parentId) : a.parentId === parent
    )
  const branch = (parent: string | null): Child => (
    <ul>
      {children(parent).map((a) => (
        <li>
          <a href={`/console/certificates?agencyId=${a.id}`}>{a.name}</a>{' '}
          <small>
            ({a.code}
            {a.status !== 'active' ? `, ${a.status}` : ''})
          </small>
          {children(a.id).length > 0 && branch(a.id)}
        </li>
      ))}
    </ul>
  )
  return (
    <Layout page={p} title={t('agencies')} path="/console/agencies">
      <div class="tree">{branch(null)}</div>
    </Layout>
  )
}
