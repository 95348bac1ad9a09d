import { createRoute } from '@hono/zod-openapi'
import { Agency, AgencyCreate } from '../../../schemas/agency'
import { admins } from '../../auth/principal'
import { insertAgency } from '../../db/agencies'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { idempotency } from '../../http/idempotency'
import { newId } from '../../lib/ids'
import { IdempotencyKey, json, jsonBody, problems } from '../../http/openapi'
import { agencyRefusal, webhookRefusal } from '../../domain/agency'
import { atTheEdge } from '../../lib/config'
import { enforce } from '../../domain/refusal'
import { etag } from '../../http/versions'
import { referencedAgency } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/agencies',
  tags: ['Agencies'],
  summary: 'Register an agency',
  middleware: [admins(), idempotency()] as const,
  request: { headers: IdempotencyKey, body: jsonBody(AgencyCreate) },
  responses: { 201: json(Agency, 'The new agency'), ...problems(400, 401, 403, 409, 413, 422) },
})

export const registerCreateAgency = (api: App) =>
  api.openapi(route, async (c) => {
    const input = c.req.valid('json')
    const now = new Date()
    enforce(webhookRefusal(input.webhookUrl, atTheEdge(c.env)))
    if (input.parentId) {
      enforce(
        agencyRefusal(await referencedAgency(c.env.DB, 'parentId', input.parentId), 'parentId')
      )
    }
    const agency: Agency = {
      id: newId('agc', now.getTime()),
      code: input.code,
      name: input.name,
      kind: input.kind,
      parentId: input.parentId ?? null,
      emails: input.emails,
      webhookUrl: input.webhookUrl ?? null,
      status: 'active',
      successorId: null,
      endedAt: null,
      reminderDays: input.reminderDays ?? null,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }
    await commitChange(
      c,
      [insertAgency(c.env.DB, agency)],
      [
        {
          action: 'agency.create',
          entity: 'agency',
          entityId: agency.id,
          before: null,
          after: agency,
        },
      ],
      now,
      { answer: { status: 201, body: agency } }
    )
    return c.json(agency, 201, {
      ETag: etag(agency.version),
      Location: `/api/v1/agencies/${agency.id}`,
    })
  })
