import { createRoute } from '@hono/zod-openapi'
import { CertificateDetail } from '../../../schemas/certificate'
import { IdParam } from '../../../schemas/common'
import { readers } from '../../auth/principal'
import { certificateDetail } from '../../db/certificate-detail'
import { certificateStatus } from '../../domain/lifecycle'
import { assertVisible } from '../../auth/scope'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { notFound } from '../../lib/problem'
import { etag } from '../../http/versions'
import { carriesId } from '../../domain/masking'
import { auditPersonalRead } from '../../http/personal-data'
import { forViewer, presentCertificate } from './present'

const route = createRoute({
  method: 'get',
  path: '/certificates/{id}',
  tags: ['Certificates'],
  summary: 'One certificate, with its holder, agency, device and renewal chain',
  middleware: [readers()] as const,
  request: { params: IdParam },
  responses: {
    200: json(CertificateDetail, 'The certificate; its ETag is for If-Match'),
    ...problems(401, 403, 404),
  },
})

export const registerGetCertificate = (api: App) =>
  api.openapi(route, async (c) => {
    const id = c.req.valid('param').id
    const found = await certificateDetail(c.env.DB, id)
    if (!found) throw notFound('certificate', id)
    const { certificate: cert, holder, agency, device, chain, notices } = found
    await assertVisible(c, 'certificate', cert.id, cert.agencyId)
    const now = new Date()
    const detail = {
      ...forViewer(presentCertificate(cert, now), c.get('principal')),
      holder: { id: holder.id, fullName: holder.fullName, kind: holder.kind },
      agency: { id: agency.id, code: agency.code, name: agency.name },
      device: device && { id: device.id, serial: device.serial, status: device.status },
      chain: chain.map((link) => ({
        id: link.id,
        serial: link.serial,
        notBefore: link.notBefore,
        notAfter: link.notAfter,
        status: certificateStatus(link, now),
      })),
      notices,
    }
    if (carriesId(cert.subject)) await auditPersonalRead(c, 'certificate', [cert.id])
    return c.json(detail, 200, { ETag: etag(cert.version) })
  })
