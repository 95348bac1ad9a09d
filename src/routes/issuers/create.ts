import { createRoute } from '@hono/zod-openapi'
import { Issuer, IssuerCreate } from '../../../schemas/issuer'
import { admins } from '../../auth/principal'
import { insertIssuer, insertIssuerKey, learnUrls, listIssuers } from '../../db/issuers'
import { namesRefusal } from '../../domain/issuers'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { newId } from '../../lib/ids'
import { json, problems } from '../../http/openapi'
import { invalidRequest } from '../../http/validation'
import { fileContent, readUpload } from '../../http/upload'
import { readCertificate } from '../../lib/x509'
import { keyOf } from './key'

const route = createRoute({
  method: 'post',
  path: '/issuers',
  tags: ['Issuers and CRLs'],
  summary: 'Register an issuing CA: by its certificate (PEM/DER), or by name with its aliases',
  description:
    "A CA certificate registers the CA's name and its first key (CRLs verify against its keys). JSON registers the name only, with the other names the CA goes by, so spreadsheets and forms that write it differently resolve to it; its keys are added later (POST /issuers/{id}/certificates).",
  middleware: [admins()] as const,
  request: {
    body: {
      required: false, // several media types: each is validated only when it is the one sent
      description: 'The CA certificate (PEM or DER), or { dn, name?, aliases? }',
      content: { 'application/json': { schema: IssuerCreate }, ...fileContent() },
    },
  },
  responses: { 201: json(Issuer, 'The issuer'), ...problems(401, 403, 409, 413, 415, 422) },
})

/** The CN of a distinguished name, or the whole name. */
const cn = (dn: string) => /(?:^|,)CN=([^,]+)/.exec(dn)?.[1] ?? dn

export const registerCreateIssuer = (api: App) =>
  api.openapi(route, async (c) => {
    const now = new Date()
    const at = now.toISOString()
    const fromJson = (c.req.header('content-type') ?? '').startsWith('application/json')
    let input: IssuerCreate
    let key: Awaited<ReturnType<typeof keyOf>> | null = null
    if (fromJson) {
      const parsed = IssuerCreate.safeParse(await c.req.json().catch(() => undefined))
      if (!parsed.success) throw invalidRequest(parsed.error)
      input = parsed.data
    } else {
      const file = await readCertificate(await readUpload(c))
      key = await keyOf(file, now)
      input = { dn: file.subject, aliases: [] }
    }
    const issuer: Issuer = {
      id: newId('iss', now.getTime()),
      name: input.name ?? cn(input.dn),
      dn: input.dn,
      aliases: input.aliases,
      keys: key ? [key.key] : [],
      crlUrls: [],
      ocspUrls: [],
      crlThisUpdate: null,
      crlNextUpdate: null,
      fetchFailures: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    }
    enforce(namesRefusal(await listIssuers(c.env.DB), { ...issuer, id: null }))
    await commitChange(
      c,
      [
        insertIssuer(c.env.DB, issuer),
        ...(key
          ? [
              insertIssuerKey(c.env.DB, issuer.id, key.key, key.pem, key.parentKey),
              learnUrls(c.env.DB, key.parentKey, key.parentUrls),
            ]
          : []),
      ],
      [
        {
          action: 'issuer.create',
          entity: 'issuer',
          entityId: issuer.id,
          before: null,
          after: issuer,
        },
      ],
      now
    )
    return c.json(issuer, 201, { Location: `/api/v1/issuers/${issuer.id}` })
  })
