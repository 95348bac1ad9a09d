import { createRoute, z } from '@hono/zod-openapi'
import { Agency, MergeRequest } from '../../../schemas/agency'
import { Certificate } from '../../../schemas/certificate'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { isInSubtree } from '../../db/agencies'
import { changedOrAbort } from '../../db/batch'
import { listCertificates } from '../../db/certificates'
import { markMerged, moveToSuccessor } from '../../db/mergers'
import { assertAgencyActive } from '../../domain/agency'
import type { App } from '../../env'
import { commitChange } from '../../lib/change'
import { IfMatch, json, jsonBody, problems } from '../../lib/openapi'
import { Problem } from '../../lib/problem'
import { checkIfMatch, lostRace } from '../../lib/versions'
import { presentCertificate } from '../certificates/present'
import { referencedAgency, requireAgency } from '../lookups'

const MergeResult = z
  .object({
    agency: Agency,
    successor: Agency,
    moved: z.object({
      holders: z.number().int(),
      devices: z.number().int(),
      certificates: z.number().int(),
      units: z.number().int(),
    }),
    toChangeOrRevoke: z.array(Certificate).openapi({
      description:
        "The merged agency's active organisation certificates: they name an agency that no longer exists",
    }),
  })
  .openapi('MergeResult')

const route = createRoute({
  method: 'post',
  path: '/agencies/{id}/merge',
  tags: ['Agencies'],
  summary: 'Merge an agency into its successor (sáp nhập)',
  description:
    'Moves its holders, devices, units and active personal certificates to the successor in one audited batch, marks it merged with a pointer, and keeps its history readable under both. Its organisation certificates are answered as to change or revoke.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(MergeRequest) },
  responses: {
    200: json(MergeResult, 'What moved, and what is left to do'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerMergeAgency = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireAgency(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    assertAgencyActive(before, 'id')
    const { successorId, note } = c.req.valid('json')
    const successor = await referencedAgency(db, 'successorId', successorId)
    assertAgencyActive(successor, 'successorId')
    if (await isInSubtree(db, before.id, successor.id))
      throw new Problem(
        409,
        'agency-cycle',
        'An agency cannot merge into itself or one of its own units.',
        [{ path: 'successorId', message: 'is the agency or lies below it' }]
      )
    const now = new Date()
    const at = now.toISOString()
    const results = await commitChange(
      c,
      [
        markMerged(db, before.id, successor.id, before.version, at),
        changedOrAbort(db),
        ...moveToSuccessor(db, before.id, successor.id, at),
      ],
      [
        {
          action: 'agency.merge',
          entity: 'agency',
          entityId: before.id,
          before,
          after: { ...before, status: 'merged', successorId: successor.id, note: note ?? null },
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    const [holders, devices, certificates, units] = results.slice(2, 6).map((r) => r.results.length)
    const organisation = await listCertificates(
      db,
      {
        agencyId: before.id,
        kind: 'organisation',
        status: 'active',
        limit: 200,
        sort: 'notAfter',
        days: 30,
      },
      now
    )
    return c.json(
      {
        agency: {
          ...before,
          status: 'merged' as const,
          successorId: successor.id,
          version: before.version + 1,
          updatedAt: at,
        },
        successor,
        moved: { holders, devices, certificates, units },
        toChangeOrRevoke: organisation.items.map((cert) => presentCertificate(cert, now)),
      },
      200
    )
  })
