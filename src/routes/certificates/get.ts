import { createRoute } from '@hono/zod-openapi'
import { CertificateDetail } from '../../../schemas/certificate'
import { IdParam } from '../../../schemas/common'
import { readers } from '../../auth/principal'
import { findAgency } from '../../db/agencies'
import { renewalChain } from '../../db/certificates'
import { findDevice } from '../../db/devices'
import { listNotices } from '../../db/notice-list'
import { findHolder } from '../../db/holders'
import { certificateStatus } from '../../domain/lifecycle'
import { assertVisible } from '../../auth/scope'
import type { App } from '../../env'
import { json, problems } from '../../lib/openapi'
import { etag } from '../../lib/versions'
import { requireCertificate } from '../lookups'
import { presentCertificate } from './present'

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
    const db = c.env.DB
    const cert = await requireCertificate(db, c.req.valid('param').id)
    await assertVisible(c, 'certificate', cert.id, cert.agencyId)
    const now = new Date()
    const [holder, agency, device, chain, notices] = await Promise.all([
      findHolder(db, cert.holderId),
      findAgency(db, cert.agencyId),
      cert.deviceId ? findDevice(db, cert.deviceId) : null,
      renewalChain(db, cert.id),
      listNotices(db, { certificateId: cert.id, limit: 50 }),
    ])
    const detail = {
      ...presentCertificate(cert, now),
      holder: { id: holder!.id, fullName: holder!.fullName, kind: holder!.kind },
      agency: { id: agency!.id, code: agency!.code, name: agency!.name },
      device: device && { id: device.id, serial: device.serial, status: device.status },
      chain: chain.map((link) => ({
        id: link.id,
        serial: link.serial,
        notBefore: link.notBefore,
        notAfter: link.notAfter,
        status: certificateStatus(link, now),
      })),
      notices: notices.items,
    }
    return c.json(detail, 200, { ETag: etag(cert.version) })
  })
