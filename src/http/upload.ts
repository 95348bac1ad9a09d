import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { Problem } from '../lib/problem'

/** Media types a certificate or CRL file arrives as, besides a multipart form with a `file` field. */
export const FILE_TYPES = [
  'application/pkix-cert',
  'application/pkix-crl',
  'application/x-x509-ca-cert',
  'application/x-pem-file',
  'application/octet-stream',
  'text/plain',
] as const

/**
 * The bytes of an uploaded file: the `file` field of a multipart form, or the raw body (DER or
 * PEM). An empty upload is a 422 naming the field; one larger than `max` bytes a 413, before
 * anything parses it.
 */
export async function readUpload(c: Context, max = Infinity): Promise<Uint8Array> {
  const type = c.req.header('content-type') ?? ''
  let bytes: Uint8Array
  if (type.startsWith('multipart/form-data')) {
    const file = (await c.req.formData()).get('file') as unknown as File | string | null
    bytes =
      typeof file === 'string'
        ? new TextEncoder().encode(file)
        : file
          ? new Uint8Array(await file.arrayBuffer())
          : new Uint8Array()
  } else bytes = new Uint8Array(await c.req.arrayBuffer())
  if (bytes.length > max)
    throw new Problem(413, 'file-too-large', { limit: Math.floor(max / 1024) }, [
      { path: 'file', code: 'file-too-large', params: { limit: Math.floor(max / 1024) } },
    ])
  if (!bytes.length)
    throw new Problem(422, 'file-missing', {}, [{ path: 'file', code: 'required' }])
  return bytes
}

/** The OpenAPI description of a file body in every accepted form. */
const Binary = z.any().openapi({ type: 'string', format: 'binary' })

/** The OpenAPI content of a file body in every accepted form (only the form part is validated). */
export const fileContent = (extraFields: z.ZodRawShape = {}) => ({
  'multipart/form-data': { schema: z.object({ file: Binary, ...extraFields }) },
  ...(Object.fromEntries(FILE_TYPES.map((t) => [t, { schema: Binary }])) as Record<
    (typeof FILE_TYPES)[number],
    { schema: typeof Binary }
  >),
})
