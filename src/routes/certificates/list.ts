import { createRoute } from '@hono/zod-openapi'
import { Certificate, CertificateListQuery } from '../../../schemas/certificate'
import { Page } from '../../../schemas/common'
import { readers } from '../../auth/principal'
import { listCertificates } from '../../db/certificates'
import { scopeOf } from '../../auth/scope'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { carriesId } from '../../domain/masking'
import { auditPersonalRead } from '../../http/personal-data'
import { forViewer, presentCertificate } from './present'

const route = createRoute({
  method: 'get',
  path: '/certificates',
  tags: ['Certificates'],
  summary:
    'List certificates (agency or subtree, kind, status, expiring within N days, holder, device, text)',
  middleware: [readers()] as const,
  request: { query: CertificateListQuery },
  responses: {
    200: json(Page(Certificate), 'A page of certificates, by notAfter or holder name'),
    ...problems(400, 401, 403),
  },
})

export const registerListCertificates = (api: App) =>
  api.openapi(route, async (c) => {
    const now = new Date()
    const page = await listCertificates(
      c.env.DB,
      { ...c.req.valid('query'), scope: scopeOf(c.get('principal')) },
      now
    )
    const principal = c.get('principal')
    await auditPersonalRead(
      c,
      'certificate',
      page.items.filter((cert) => carriesId(cert.subject)).map((cert) => cert.id)
    )
    return c.json(
      {
        ...page,
        items: page.items.map((cert) => forViewer(presentCertificate(cert, now), principal)),
      },
      200
    )
  })
