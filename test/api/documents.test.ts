import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import expected from '../fixtures/documents/expected.json'
import files from '../fixtures/documents/files.json'
import { ADMIN, api, expectProblem, fetchWorker } from '../helpers/api'
import { given } from '../helpers/given'

/**
 * Signed documents checked against the registry: PDFs signed through a placeholder by
 * `openssl cms -sign`, document-timestamped by `openssl ts`, CMS .p7s and .p7m by `openssl cms`
 * (test/fixtures/make-documents.sh). Where OpenSSL can decide (the signature verifies and the
 * content is intact: `openssl cms -verify`), the registry agrees with it (expected.json).
 */
const bytes = (name: string) =>
  Uint8Array.from(atob((files as Record<string, string>)[name]), (c) => c.charCodeAt(0))

async function send(
  path: string,
  parts: Record<string, string>,
  headers: Record<string, string> = {},
  token: string | null = null
) {
  const form = new FormData()
  for (const [field, name] of Object.entries(parts)) form.set(field, new File([bytes(name)], name))
  const res = await fetchWorker(`http://registry.test${path}`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: form,
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: JSON.parse(text) }
}
const verify = (file: string, content?: string, lang = 'vi') =>
  send(
    '/api/v1/documents/verify',
    { file, ...(content ? { content } : {}) },
    {
      'accept-language': lang,
    }
  )

const ids: Record<string, string> = {}
beforeAll(async () => {
  expect((await send('/api/v1/issuers', { file: 'doc-ca.pem' }, {}, ADMIN)).status).toBe(201)
  expect((await send('/api/v1/crls', { file: 'doc-ca.crl' }, {}, ADMIN)).status).toBe(200)
  const { agency, holder } = await given.person()
  const seal = await api.post('/api/v1/holders', {
    kind: 'organisation',
    fullName: 'Sở Khoa học và Công nghệ',
    agencyId: agency.id,
  })
  for (const [name, kind, holderId] of [
    ['an.pem', 'personal', holder.id],
    ['dung.pem', 'personal', holder.id],
    ['seal.pem', 'organisation', seal.body.id],
    ['old.pem', 'personal', holder.id],
  ]) {
    const form = new FormData()
    form.set('file', new File([bytes(name)], name))
    form.set('kind', kind)
    form.set('holderId', holderId)
    const res = await fetchWorker('http://registry.test/api/v1/certificates', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}` },
      body: form,
    })
    expect(res.status, await res.clone().text()).toBe(201)
    ids[name] = ((await res.json()) as { id: string }).id
  }
})

/** OpenSSL's word on each signature of a fixture: intact and verifying, chained to the CA. */
const oracle = (file: string) =>
  (expected as unknown as Record<string, { chain?: string; intact?: string }[]>)[file]

describe('verifying a signed document', () => {
  it('finds a PDF valid when it is intact, signed by the registered certificate, good now and then', async () => {
    const res = await verify('signed.pdf')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      type: 'pdf',
      verdict: 'valid',
      verdictText: 'Hợp lệ',
      signatures: [
        {
          index: 1,
          type: 'signature',
          verdict: 'valid',
          reasons: [],
          signer: {
            serial: '7A01020304050607080910111213141516171819',
            registered: true,
            sameCertificate: true,
            name: 'Nguyễn Văn An',
            kind: 'personal',
          },
          signedAt: { trusted: false },
          statusAtSigning: 'good',
          statusNow: 'good',
          algorithm: { digest: 'SHA-256', signature: 'RSA', weak: false },
          coverage: { wholeDocument: true, after: 'none' },
        },
      ],
    })
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(oracle('signed.pdf')).toEqual([{ chain: 'verifies', intact: 'verifies' }])
  })

  it('reads both signatures of a twice-signed PDF: the person’s, then the seal’s over it', async () => {
    const res = await verify('two-signatures.pdf')
    expect(res.body.verdict).toBe('valid')
    expect(res.body.signatures.map((s: any) => [s.verdict, s.signer.kind, s.coverage])).toEqual([
      ['valid', 'personal', { wholeDocument: false, after: 'signed' }],
      ['valid', 'organisation', { wholeDocument: true, after: 'none' }],
    ])
    expect(res.body.signatures[0].notes[0].code).toBe('signed-again-after')
    expect(oracle('two-signatures.pdf').every((o) => o.intact === 'verifies')).toBe(true)
  })

  it('says a document changed after its signature is not what was signed', async () => {
    const res = await verify('changed-after-signing.pdf')
    expect(res.body).toMatchObject({
      verdict: 'invalid',
      reasons: [{ code: 'changed-after-signing' }],
      signatures: [{ verdict: 'valid', coverage: { wholeDocument: false, after: 'unsigned' } }],
    })
  })

  it('finds one byte changed inside the signed range, as OpenSSL does', async () => {
    const res = await verify('tampered.pdf', undefined, 'en')
    expect(res.body).toMatchObject({
      verdict: 'invalid',
      verdictText: 'Invalid',
      signatures: [{ verdict: 'invalid', reasons: [{ code: 'altered' }] }],
    })
    expect(res.body.signatures[0].reasons[0].text).toMatch(/changed after signing/)
    expect(oracle('tampered.pdf')).toEqual([{ chain: 'fails', intact: 'fails' }])
  })

  it('refuses a look-alike CA’s certificate under a registered serial as a forged chain', async () => {
    const res = await verify('lookalike.pdf')
    expect(res.body.signatures[0]).toMatchObject({
      verdict: 'invalid',
      reasons: [{ code: 'forged-chain' }],
      signer: { registered: true, sameCertificate: false, name: null, agency: null },
    })
    // OpenSSL: the signature itself is intact; it does not chain to the registered CA.
    expect(oracle('lookalike.pdf')).toEqual([{ chain: 'fails', intact: 'verifies' }])
  })

  it('finds a signer whose certificate had expired before it signed invalid, by its own claim', async () => {
    const res = await verify('expired-signer.pdf')
    expect(res.body.signatures[0]).toMatchObject({
      verdict: 'invalid',
      reasons: [{ code: 'expired-before-signing' }],
      statusAtSigning: 'expired',
    })
  })

  it('checks a detached .p7s against its content, and an enveloping .p7m on its own', async () => {
    const p7s = await verify('doc.txt.p7s', 'doc.txt')
    expect(p7s.body).toMatchObject({ type: 'cms', verdict: 'valid' })
    const p7m = await verify('doc.txt.p7m')
    expect(p7m.body).toMatchObject({
      type: 'cms',
      verdict: 'valid',
      signatures: [{ signer: { name: 'Nguyễn Văn An' }, algorithm: { signature: 'ECDSA' } }],
    })
    // The .p7s over other content: altered.
    const other = await verify('doc.txt.p7s', 'an.pem')
    expect(other.body.signatures[0].reasons.map((r: any) => r.code)).toEqual(['altered'])
    expectProblem(await verify('doc.txt.p7s'), 422, 'detached-content-missing')
  })

  it('reads a PDF wrapped in a .p7m as the CMS it is', async () => {
    const res = await verify('wrapped.pdf.p7m')
    expect(res.body).toMatchObject({ type: 'cms', verdict: 'valid' })
  })

  it('checks RSA-PSS with SHA-384 as OpenSSL does, and cannot vouch for a signature without its certificate', async () => {
    const pss = await verify('pss.p7m')
    expect(pss.body).toMatchObject({
      verdict: 'valid',
      signatures: [
        {
          signer: { kind: 'organisation' },
          algorithm: { digest: 'SHA-384', signature: 'RSA-PSS', weak: false },
        },
      ],
    })
    expect(oracle('pss.p7m')).toEqual([{ chain: 'verifies', intact: 'verifies' }])
    const bare = await verify('nocert.p7m')
    expect(bare.body).toMatchObject({
      verdict: 'indeterminate',
      signatures: [{ signer: null, reasons: [{ code: 'signer-certificate-missing' }] }],
    })
  })

  it('answers a PDF without signatures with no verdict, and refuses what is no signed document', async () => {
    const res = await verify('unsigned.pdf')
    expect(res.body).toMatchObject({ verdict: null, signatures: [] })
    expect(res.body.verdictText).toBe('Không tìm thấy chữ ký số nào trong tài liệu')
    const problem = expectProblem(await verify('doc.txt'), 422, 'document-unrecognised')
    expect(problem.title ?? problem.detail).toBeTruthy()
  })

  it('uses a registered TSA’s document timestamp as the moment the earlier signature was made', async () => {
    const res = await verify('timestamped.pdf')
    expect(res.body.signatures.map((s: any) => [s.type, s.verdict])).toEqual([
      ['signature', 'valid'],
      ['document-timestamp', 'valid'],
    ])
    expect(res.body.signatures[0].signedAt.trusted).toBe(true)
    expect(res.body.signatures[1].signer.registered).toBe(true)
    // What the timestamp added after the signature is not signed by anyone: not vouched for.
    expect(res.body).toMatchObject({
      verdict: 'indeterminate',
      reasons: [{ code: 'timestamped-after-signing' }],
    })
  })

  it('after a revocation: trusted time keeps a signature made before valid; a claim alone does not', async () => {
    const revoke = await api.post(`/api/v1/certificates/${ids['an.pem']}/revoke`, {
      reasonCode: 1,
    })
    expect(revoke.status).toBe(200)
    // Signed before the revocation, proven by the document timestamp: still valid.
    const stamped = await verify('timestamped.pdf')
    expect(stamped.body.signatures[0]).toMatchObject({
      verdict: 'valid',
      statusAtSigning: 'good',
      statusNow: 'revoked',
    })
    // The same signature with only the signer's claim of time: the registry cannot tell.
    const claimed = await verify('signed.pdf')
    expect(claimed.body.signatures[0]).toMatchObject({
      verdict: 'indeterminate',
      reasons: [{ code: 'no-trusted-time' }],
    })
    // Revoked in the past (before the signer says it signed): invalid by its own claim.
    const dung = await api.post(`/api/v1/certificates/${ids['dung.pem']}/revoke`, {
      reasonCode: 1,
      revokedAt: '2026-06-01T00:00:00.000Z',
    })
    expect(dung.status).toBe(200)
    expect((await verify('doc.txt.p7m')).body.signatures[0]).toMatchObject({
      verdict: 'invalid',
      reasons: [{ code: 'claimed-time-after-revocation' }],
    })
  })

  it('refuses hostile PDFs in bounded time: ranges outside the file, overlapping, a huge /Contents', async () => {
    const pdf = (body: string) => {
      const form = new FormData()
      form.set('file', new File([`%PDF-1.7\n${body}\n%%EOF\n`], 'x.pdf'))
      return fetchWorker('http://registry.test/api/v1/documents/verify', {
        method: 'POST',
        body: form,
      }).then(async (r) => ({ status: r.status, body: await r.json<any>() }))
    }
    const started = Date.now()
    for (const body of [
      '<< /ByteRange [0 10 999999 5] /Contents <00> >>',
      '<< /ByteRange [0 40 20 5] /Contents <00> >>',
      '<< /ByteRange [5 10 20 5] /Contents <00> >>',
      '<< /ByteRange [0 9 -1 5] >>',
      `${'<<'.repeat(100_000)} /ByteRange [0 1 2 3]`,
    ])
      expect((await pdf(body)).status).toBe(422)
    // The same signature's range repeated (say, in comments) is refused, not checked again.
    const real = new TextDecoder('latin1').decode(bytes('signed.pdf'))
    const range = /\/ByteRange \[[^\]]+\]/.exec(real)![0]
    const repeated = new FormData()
    repeated.set(
      'file',
      new File([bytes('signed.pdf'), new TextEncoder().encode(`%${range}\n%${range}\n`)], 'x.pdf')
    )
    const again = await fetchWorker('http://registry.test/api/v1/documents/verify', {
      method: 'POST',
      body: repeated,
    })
    expect(again.status).toBe(422)
    expect(((await again.json()) as any).detail).toMatch(/lặp lại hoặc chồng lấn chữ ký trước/)
    const huge = `<< /ByteRange [0 20 ${20 + 3 * 1024 * 1024 + 2} 0] /Contents <${'0'.repeat(3 * 1024 * 1024)}>`
    expect((await pdf(huge)).status).toBe(413)
    expect(Date.now() - started).toBeLessThan(5000)
    const encrypted = await pdf('trailer << /Encrypt 9 0 R >>')
    expect(encrypted.body.code).toBe('document-encrypted')
  })

  it('keeps nothing of the document: no row is written', async () => {
    const tables = async () =>
      (await env.DB.prepare(
        'SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM certificates) AS n'
      ).first<{ n: number }>())!.n
    const before = await tables()
    await verify('signed.pdf')
    expect(await tables()).toBe(before)
  })

  it('stops trusting a TSA whose key its CA declares compromised, as OpenSSL does', async () => {
    expect((expected as any)['tsa.pem']['after doc-ca-tsa-revoked.crl']).toBe('revoked')
    expect((await send('/api/v1/crls', { file: 'doc-ca-tsa-revoked.crl' }, {}, ADMIN)).status).toBe(
      200
    )
    // Whoever holds a compromised key can stamp any time: the timestamp proves nothing now.
    const res = await verify('timestamped.pdf', undefined, 'en')
    expect(res.body.signatures[1]).toMatchObject({
      type: 'document-timestamp',
      verdict: 'indeterminate',
      reasons: [{ code: 'timestamp-invalid' }],
    })
    expect(res.body.signatures[1].reasons[0].text).toMatch(/revoked/)
    expect(res.body.signatures[0].signedAt.trusted).toBe(false)
  })
})
