import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { unstable_readConfig } from 'wrangler'
import { accountProblems, configProblems, type DeployConfig } from '../../scripts/deploy-check'

const root = join(import.meta.dirname, '../..')
const read = (env: string) =>
  unstable_readConfig({ config: join(root, 'wrangler.toml'), env }, {
    hideWarnings: true,
  } as never) as unknown as DeployConfig

describe('the deploy checks', () => {
  it('name every setting a fresh clone lacks, with the command that fixes it', () => {
    for (const env of ['staging', 'production']) {
      const problems = configProblems(env, read(env))
      const what = problems.filter((p) => !p.warning).map((p) => p.what)
      expect(what).toEqual(
        expect.arrayContaining([
          'D1 DB: database_id is a placeholder',
          'KV CACHE: id is a placeholder',
          expect.stringMatching(/^EMAIL_FROM is "chungthuso@registry\.example\.gov\.vn"/),
        ])
      )
      expect(problems.find((p) => p.what.startsWith('D1'))!.fix).toContain(
        `npx wrangler d1 create cert-registry-${env}`
      )
    }
    // Production also needs the department's address for its alerts.
    expect(
      configProblems('production', read('production')).some(
        (p) => p.what.startsWith('DEPARTMENT_EMAIL') && !p.warning
      )
    ).toBe(true)
  })

  it('pass a filled configuration, and name what the account lacks', () => {
    const config = read('production')
    const filled: DeployConfig = {
      ...config,
      vars: {
        ...config.vars,
        EMAIL_FROM: 'chungthuso@stttt.minhson.gov.vn',
        DEPARTMENT_EMAIL: 'cntt@stttt.minhson.gov.vn',
        PUBLIC_URL: 'https://chungthuso.minhson.gov.vn',
      },
      d1_databases: [
        { binding: 'DB', database_name: 'x', database_id: '3f1c9a2e-5b7d-4e10-9c2a-7d8e6f5a4b3c' },
      ],
      kv_namespaces: [{ binding: 'CACHE', id: '8d2f6c1e9b7a4e3d5c0f1a2b3c4d5e6f' }],
    }
    expect(configProblems('production', filled)).toEqual([])
    const account = {
      secrets: ['WEBHOOK_SIGNING_KEY', 'ADMIN_TOKEN'],
      databases: ['3f1c9a2e-5b7d-4e10-9c2a-7d8e6f5a4b3c'],
      namespaces: [],
      buckets: ['cert-registry-backups'],
      queues: ['cert-registry-notices'],
    }
    expect(accountProblems('production', filled, account).map((p) => p.what)).toEqual([
      'secret AUDIT_KEY is not set',
      'secret ADMIN_TOKEN is set in production (it is refused there, and should not exist)',
      'KV namespace 8d2f6c1e9b7a4e3d5c0f1a2b3c4d5e6f does not exist in this account',
      'queue cert-registry-notices-dlq does not exist',
    ])
  })
})
