import { createRoute, z } from '@hono/zod-openapi'
import { Certificate, CertificateListQuery } from '../../../schemas/certificate'
import { Page } from '../../../schemas/common'
import { readers } from '../../auth/principal'
import { COUNT_CAP, countCertificates, listCertificates } from '../../db/certificates'
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
    200: json(
      Page(Certificate).extend({
        total: z.number().int().optional().openapi({
          description: 'With count: how many the filters find (at most 10,000 counted)',
        }),
        totalCapped: z
          .boolean()
          .optional()
          .openapi({ description: 'With count: true when there are more than `total`' }),
      }),
      'A page of certificates, by notAfter or holder name'
    ),
    ...problems(400, 401, 403),
  },
})

export const registerListCertificates = (api: App) =>
  api.openapi(route, async (c) => {
    const now = new Date()
    const filter = { ...c.req.valid('query'), scope: scopeOf(c.get('principal')) }
    const [page, counted] = await Promise.all([
      listCertificates(c.env.DB, filter, now),
      filter.count ? countCertificates(c.env.DB, filter, now) : null,
    ])
    const total =
      counted === null
        ? {}
        : { total: Math.min(counted, COUNT_CAP), totalCapped: counted > COUNT_CAP }
    const principal = c.get('principal')
    await auditPersonalRead(
      c,
      'certificate',
      page.items.filter((cert) => carriesId(cert.subject)).map((cert) => cert.id)
    )
    return c.json(
      {
        ...page,
        ...total,
        items: page.items.map((cert) => forViewer(presentCertificate(cert, now), principal)),
      },
      200
    )
  })
