import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = join(import.meta.dirname, '../fixtures/pki')
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'))
const files = JSON.parse(readFileSync(join(dir, 'files.json'), 'utf8'))
const rfc5280: {
  case: string
  leaf: string
  chain: string
  crls: string
  all: boolean
  openssl: string
}[] = JSON.parse(readFileSync(join(dir, 'rfc5280.json'), 'utf8'))

/** What `openssl verify -crl_check -extended_crl -use_deltas` says, in the words of rfc5280.json. */
function opensslVerdict(leaf: string, chain: string[], crls: string[], all: boolean) {
  const chainFile = join(dir, `../.chain-${leaf}.pem`)
  writeFileSync(
    chainFile,
    ['root-ca.pem', ...chain].map((f) => readFileSync(join(dir, f), 'utf8')).join('')
  )
  let out: string
  try {
    out = execFileSync(
      'openssl',
      [
        'verify',
        '-attime',
        String(Date.parse(expected.at) / 1000),
        all ? '-crl_check_all' : '-crl_check',
        '-extended_crl',
        '-use_deltas',
        '-CAfile',
        chainFile,
        '-untrusted',
        chainFile,
        ...crls.flatMap((c) => ['-CRLfile', join(dir, c)]),
        join(dir, `${leaf}.pem`),
      ],
      { encoding: 'utf8', stdio: 'pipe' }
    )
  } catch (error: any) {
    out = `${error.stdout}${error.stderr}`
  } finally {
    rmSync(chainFile, { force: true })
  }
  if (/: OK/.test(out)) return 'good'
  if (/certificate revoked/.test(out)) return 'revoked'
  if (/unhandled critical (CRL )?extension/.test(out)) return 'critical-extension'
  if (/CRL has expired/.test(out)) return 'crl-expired'
  if (/unable to get certificate CRL/.test(out)) return 'no-crl'
  return out
}

// The status tests hold the registry to expected.json; this holds expected.json to OpenSSL.
describe('the PKI fixtures', () => {
  it('are the files OpenSSL verdicts in expected.json were made from', () => {
    for (const [name, base64] of Object.entries(files))
      expect(readFileSync(join(dir, name)).toString('base64'), name).toBe(base64)
  })

  it.each(Object.keys(expected).filter((k) => k !== 'at'))(
    "%s: OpenSSL's verdict is still the recorded one",
    (leaf) => {
      const ca = leaf.endsWith('-ec') ? 'ec-ca' : 'rsa-ca'
      const chain =
        readFileSync(join(dir, 'root-ca.pem'), 'utf8') +
        readFileSync(join(dir, `${ca}-ca.pem`), 'utf8')
      const chainFile = join(dir, `../.chain-${ca}.pem`)
      writeFileSync(chainFile, chain)
      const attime = String(Date.parse(expected.at) / 1000)
      let out: string
      try {
        out = execFileSync(
          'openssl',
          [
            'verify',
            '-attime',
            attime,
            '-crl_check',
            '-CAfile',
            chainFile,
            '-CRLfile',
            join(dir, `${ca}.crl`),
            join(dir, `${leaf}.pem`),
          ],
          { encoding: 'utf8', stdio: 'pipe' }
        )
      } catch (error: any) {
        out = `${error.stdout}${error.stderr}`
      } finally {
        rmSync(chainFile, { force: true })
      }
      const verdict = /: OK/.test(out)
        ? 'good'
        : /certificate revoked/.test(out)
          ? 'revoked'
          : /has expired/.test(out)
            ? 'expired'
            : out
      expect(verdict).toBe(expected[leaf].openssl)
    }
  )

  it.each(rfc5280.map((c) => [c.case, c] as const))(
    "RFC 5280 case %s: OpenSSL's verdict is still the recorded one",
    (_, c) =>
      expect(opensslVerdict(c.leaf, c.chain.split(' '), c.crls.split(' '), c.all)).toBe(c.openssl)
  )
})
