import { createRoute, z } from '@hono/zod-openapi'
import type { HonoRequest } from 'hono'
import { DocumentReport } from '../../../schemas/document'
import { rateLimit } from '../../auth/rate-limit'
import { languageOf } from '../../domain/status'
import type { App } from '../../env'
import { problems } from '../../http/openapi'
import { count } from '../../lib/metrics'
import { Problem } from '../../lib/problem'
import { verifyDocument } from './verify-document'

/** A signed document is at most this large. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

const Binary = z.any().openapi({ type: 'string', format: 'binary' })
const TYPES = [
  'application/pdf',
  'application/pkcs7-mime',
  'application/pkcs7-signature',
  'application/octet-stream',
]

const route = createRoute({
  method: 'post',
  path: '/documents/verify',
  tags: ['Status'],
  summary: 'Public: verify a signed document (PDF, or a CMS .p7s with its content, or a .p7m)',
  description:
    'Reads every signature of the document: its integrity (the digest of the signed bytes), its signature, the signer certificate (registered here, and the very certificate registered, not a look-alike), the moment it signed (an RFC 3161 timestamp from a registered TSA, a document timestamp after it, or only the signer’s claim), the signer’s status then and now, and a verdict per signature and for the document (ETSI EN 319 102-1: valid, invalid, indeterminate) with the reasons in the language asked for. The file is read in memory, never stored or logged; only its SHA-256 is answered. At most 20 MiB.',
  security: [],
  middleware: [rateLimit('PUBLIC_LIMITER')] as const,
  request: {
    body: {
      required: false,
      description:
        'A form with `file` (and `content` for a detached .p7s), or the file as the body',
      content: {
        'multipart/form-data': { schema: z.object({ file: Binary, content: Binary.optional() }) },
        ...Object.fromEntries(TYPES.map((t) => [t, { schema: Binary }])),
      },
    },
  },
  responses: {
    200: { description: 'The report', content: { 'application/json': { schema: DocumentReport } } },
    ...problems(413, 422, 429),
  },
})

/** The document (and a detached signature's content) from a form or the raw body, size-checked. */
export async function readDocumentUpload(req: HonoRequest) {
  const type = req.header('content-type') ?? ''
  const part = async (v: File | string | null) =>
    v === null || v === ''
      ? null
      : typeof v === 'string'
        ? new TextEncoder().encode(v)
        : new Uint8Array(await v.arrayBuffer())
  let file: Uint8Array | null
  let content: Uint8Array | null = null
  if (type.startsWith('multipart/form-data')) {
    const form = await req.formData()
    file = await part(form.get('file') as File | string | null)
    content = await part(form.get('content') as File | string | null)
  } else file = new Uint8Array(await req.arrayBuffer())
  if (!file?.length)
    throw new Problem(422, 'file-missing', {}, [{ path: 'file', code: 'required' }])
  if (file.length + (content?.length ?? 0) > MAX_DOCUMENT_BYTES)
    throw new Problem(413, 'file-too-large', { limit: MAX_DOCUMENT_BYTES / 1024 })
  return { file, content }
}

export function registerDocuments(api: App) {
  api.openapi(route, async (c) => {
    const lang = languageOf(c.req.header('accept-language'))
    const report = await verifyDocument(c.env.DB, await readDocumentUpload(c.req), new Date(), lang)
    count(c.env, 'document.verify', 1, report.verdict ?? 'unsigned')
    return c.json(report, 200, { 'Content-Language': lang, 'Cache-Control': 'no-store' })
  })
}
