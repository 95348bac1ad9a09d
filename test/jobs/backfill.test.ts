import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { BACKFILLS } from '../../src/db/backfills'
import { api } from '../helpers/api'
import { given } from '../helpers/given'

/**
 * A registry larger than a migration can fill in one D1 query gets the rest in chunks: shown on
 * the search index of migration 0006, with some certificates' entries missing as they would be
 * past its first 100,000.
 */
describe('chunked backfills', () => {
  it('fills the search index chunk by chunk, only what is missing, as often as it runs', async () => {
    const { certificate, holder } = await given.person()
    const found = async () =>
      (await api.get(`/api/v1/certificates?q=${encodeURIComponent(holder.fullName)}`)).body.items
        .map((c: { id: string }) => c.id)
        .includes(certificate.id)
    expect(await found()).toBe(true)
    await env.DB.prepare(
      `DELETE FROM certificate_search WHERE rowid IN
         (SELECT (unixepoch(not_after) / 86400) << 32 | rid FROM certificates)`
    ).run()
    expect(await found()).toBe(false)

    const fill = BACKFILLS['search-index']
    const extent = (await env.DB.prepare(fill.extent).first<{ n: number }>())!.n
    const run = async () => {
      let added = 0
      for (let from = 0; from < extent; from += 2)
        added += (await env.DB.prepare(fill.chunk(from, from + 2)).run()).meta.changes
      return added
    }
    expect(await run()).toBeGreaterThan(0)
    expect(await found()).toBe(true)
    expect(await run()).toBe(0) // a second run adds nothing
    expect(await found()).toBe(true)
  })
})
