import expected from '../fixtures/pki/expected.json'
import files from '../fixtures/pki/files.json'
import { ADMIN, call } from './api'
import { SELF } from 'cloudflare:test'

/** A fixture file's bytes (test/fixtures/make-pki.sh made them with OpenSSL). */
export const fixture = (name: string) =>
  Uint8Array.from(atob((files as Record<string, string>)[name]), (ch) => ch.charCodeAt(0))
export const fixtureText = (name: string) => new TextDecoder().decode(fixture(name))

export const LEAVES = Object.keys(expected).filter((k) => k !== 'at') as (keyof typeof expected &
  string)[]
export const OPENSSL_AT = (expected as any).at as string
export const openssl = (leaf: string) =>
  (expected as any)[leaf] as { openssl: 'good' | 'revoked' | 'expired'; serial: string }

/** Sends a file as the raw body (DER or PEM) with a media type, or as a form's `file` field. */
export async function upload(
  path: string,
  name: string,
  options: {
    form?: Record<string, string>
    type?: string
    token?: string | null
    headers?: Record<string, string>
  } = {}
) {
  const headers: Record<string, string> = { ...options.headers }
  const token = options.token === undefined ? ADMIN : options.token
  if (token) headers.authorization = `Bearer ${token}`
  let body: BodyInit
  if (options.form) {
    const form = new FormData()
    form.set('file', new File([fixture(name)], name))
    for (const [k, v] of Object.entries(options.form)) form.set(k, v)
    body = form
  } else {
    body = fixture(name)
    headers['content-type'] =
      options.type ??
      (name.endsWith('.pem') || name.endsWith('.crl')
        ? 'application/x-pem-file'
        : 'application/octet-stream')
  }
  const res = await SELF.fetch(`http://registry.test${path}`, { method: 'POST', headers, body })
  const text = await res.text()
  let parsed: any = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // keep text
  }
  return { status: res.status, headers: res.headers, body: parsed }
}

/** Registers both issuing CAs through the API. */
export async function registerIssuers() {
  for (const ca of ['rsa-ca-ca.pem', 'ec-ca-ca.pem']) {
    const res = await upload('/api/v1/issuers', ca)
    if (res.status !== 201)
      throw new Error(`issuer ${ca}: ${res.status} ${JSON.stringify(res.body)}`)
  }
}

export { call }
