import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { IdParam, Time } from '../../../schemas/common'
import {
  HolidayEntry,
  Request,
  RequestCreate,
  RequestListQuery,
  RequestPatch,
  RequestTransition,
} from '../../../schemas/request'
import { admins, readers, requireRole } from '../../auth/principal'
import { assertVisible, scopeOf } from '../../auth/scope'
import { isInSubtree } from '../../db/agencies'
import { changedOrAbort } from '../../db/batch'
import {
  calendarEntries,
  workingCalendar,
  findRequest,
  insertRequest,
  listRequests,
  requestItemStatements,
  updateRequest,
} from '../../db/requests'
import { statutoryHolidays } from '../../domain/calendar'
import {
  completionRefusal,
  contentRefusal,
  DEFAULT_DUE_DAYS,
  EDITABLE,
  REQUEST_ACTIONS,
  transitionRefusal,
  TRANSITIONS,
  type RequestAction,
  type RequestItemFacts,
} from '../../domain/requests'
import { enforce } from '../../domain/refusal'
import type { App, AppEnv } from '../../env'
import { commitChange } from '../../http/change'
import { json, jsonBody, problems } from '../../http/openapi'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { newId } from '../../lib/ids'
import { notFound, Problem } from '../../lib/problem'
import { vnYmd } from '../../lib/time'
import { sha256Hex } from '../../lib/secrets'
import {
  referencedAgency,
  referencedCertificate,
  referencedDevice,
  referencedHolder,
} from '../lookups'

/** Agencies file their own requests (officers, in their subtree); the department handles them. */
export const requesters = () => requireRole('admin', 'officer')

type Ctx = Context<AppEnv>
const today = () => vnYmd(new Date())

/** A request the principal may see, or 404. */
export async function visibleRequest(c: Ctx, id: string) {
  const r = await findRequest(c.env.DB, id, today())
  if (!r) throw notFound('request', id)
  await assertVisible(c, 'request', r.id, r.agencyId)
  return r
}

/** What the items name, each looked up, within the principal's scope and the request's agency. */
async function itemFacts(
  c: Ctx,
  items: Request['items'] | RequestCreate['items'],
  agencyId: string
) {
  const db = c.env.DB
  const facts: RequestItemFacts[] = []
  for (const [i, item] of items.entries()) {
    const holder = item.holderId
      ? await referencedHolder(db, `items.${i}.holderId`, item.holderId)
      : null
    const device = item.deviceId
      ? await referencedDevice(db, `items.${i}.deviceId`, item.deviceId)
      : null
    const certificate = item.certificateId
      ? await referencedCertificate(db, `items.${i}.certificateId`, item.certificateId)
      : null
    for (const [entity, record] of [
      ['holder', holder],
      ['device', device],
      ['certificate', certificate],
    ] as const)
      if (record) {
        await assertVisible(c, entity, record.id, record.agencyId)
        // A request speaks for its agency: what it names is that agency's (or below it).
        if (!(await isInSubtree(c.env.DB, agencyId, record.agencyId)))
          throw new Problem(409, 'request-item-other-agency', { entity }, [
            { path: `items.${i}.${entity}Id`, code: 'request-item-other-agency' },
          ])
      }
    facts.push({ holder, device, certificate })
  }
  return facts
}

/**
 * A draft (or returned) request saved as edited: the same content rules as when it was drafted,
 * the version it was read at, and the audit entry, in one batch. PATCH and the items sheet both.
 */
export async function saveEdit(
  c: Ctx,
  before: Request,
  after: Request,
  ifMatch: ReturnType<typeof checkIfMatch>,
  now: Date
) {
  enforce(contentRefusal(after.kind, after, await itemFacts(c, after.items, after.agencyId), now))
  await commitChange(
    c,
    [
      ...updateRequest(c.env.DB, after, before.version),
      changedOrAbort(c.env.DB),
      ...requestItemStatements(c.env.DB, after),
    ],
    [{ action: 'request.update', entity: 'request', entityId: after.id, before, after }],
    now,
    { onGuard: lostRace(ifMatch) }
  )
}

export const items = (
  list: { holderId?: string | null; deviceId?: string | null; certificateId?: string | null }[]
) =>
  list.map((i) => ({
    holderId: i.holderId ?? null,
    deviceId: i.deviceId ?? null,
    certificateId: i.certificateId ?? null,
  }))

const create = createRoute({
  method: 'post',
  path: '/requests',
  tags: ['Requests'],
  summary: 'Draft a request (issue, renewal, change, revocation, device recovery) for an agency',
  description:
    'An officer drafts and files requests for its own agency and the agencies below it; the department for any. What each kind needs is checked now (a renewal of a certificate that can be renewed, a revocation with its cause, a recovery of a device in custody), and again when it is filed.',
  middleware: [requesters()] as const,
  request: { body: jsonBody(RequestCreate) },
  responses: { 201: json(Request, 'The draft'), ...problems(400, 401, 403, 404, 409, 422) },
})

const list = createRoute({
  method: 'get',
  path: '/requests',
  tags: ['Requests'],
  summary:
    'Requests, oldest first: an agency’s (or an officer’s subtree), by state and kind, or overdue',
  middleware: [readers()] as const,
  request: { query: RequestListQuery },
  responses: {
    200: json(z.object({ items: z.array(Request), nextCursor: z.string().nullable() }), 'A page'),
    ...problems(400, 401, 403),
  },
})

const get = createRoute({
  method: 'get',
  path: '/requests/{id}',
  tags: ['Requests'],
  summary: 'One request, with what it concerns and where it stands',
  middleware: [readers()] as const,
  request: { params: IdParam },
  responses: { 200: json(Request, 'The request'), ...problems(401, 403, 404) },
})

const patch = createRoute({
  method: 'patch',
  path: '/requests/{id}',
  tags: ['Requests'],
  summary: 'Change a draft (or a request returned for correction)',
  middleware: [requesters()] as const,
  request: { params: IdParam, body: jsonBody(RequestPatch) },
  responses: { 200: json(Request, 'The request'), ...problems(400, 401, 403, 404, 409, 412, 422) },
})

const transition = (action: RequestAction, summary: string) =>
  createRoute({
    method: 'post',
    path: `/requests/{id}/${action}`,
    tags: ['Requests'],
    summary,
    middleware: [requesters()] as const,
    request: { params: IdParam, body: { ...jsonBody(RequestTransition), required: false } },
    responses: {
      200: json(Request, 'The request'),
      ...problems(400, 401, 403, 404, 409, 412, 422),
    },
  })

const SUMMARIES: Record<RequestAction, string> = {
  file: 'The agency files it (nộp): the department sees it in its queue',
  check: 'The department finds it complete (đã kiểm tra)',
  return: 'The department returns it for correction, saying why (trả lại)',
  send: 'The department sends it to the CA (channel, reference, when): the due day is set in working days',
  done: 'The CA did it: linked to the certificate it led to (or, for a revocation, once recorded)',
  refuse: 'The CA refused it, saying why',
  cancel: 'Withdrawn before it went to the CA',
}

const holidays = createRoute({
  method: 'get',
  path: '/holidays',
  tags: ['Requests'],
  summary: 'The working-day calendar of a year: statutory holidays and the department’s entries',
  middleware: [readers()] as const,
  request: { query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) },
  responses: {
    200: json(
      z.object({
        year: z.number(),
        entries: z.array(HolidayEntry),
        daysOff: z.array(z.object({ day: z.string(), name: z.string() })),
      }),
      'The calendar'
    ),
    ...problems(400, 401, 403),
  },
})

const addHoliday = createRoute({
  method: 'post',
  path: '/holidays',
  tags: ['Requests'],
  summary: 'Enter a day the year’s government notice adds (off) or swaps to work, with its source',
  middleware: [admins()] as const,
  request: { body: jsonBody(HolidayEntry) },
  responses: { 201: json(HolidayEntry, 'Entered'), ...problems(400, 401, 403, 409, 422) },
})

export function registerRequests(api: App) {
  api.openapi(create, async (c) => {
    const input = c.req.valid('json')
    const now = new Date()
    const agency = await referencedAgency(c.env.DB, 'agencyId', input.agencyId)
    await assertVisible(c, 'agency', agency.id, agency.id)
    enforce(contentRefusal(input.kind, input, await itemFacts(c, input.items, agency.id), now))
    const request: Request = {
      id: newId('req', now.getTime()),
      kind: input.kind,
      certificateKind: input.certificateKind ?? null,
      agencyId: agency.id,
      docNumber: input.docNumber ?? null,
      docDate: input.docDate ?? null,
      reasonCode: input.reasonCode ?? null,
      cause: input.cause ?? null,
      note: input.note ?? null,
      state: 'draft',
      stateNote: null,
      channel: null,
      reference: null,
      sentAt: null,
      dueDay: null,
      overdue: false,
      doneAt: null,
      resultId: null,
      items: items(input.items),
      createdBy: c.get('principal').id,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }
    await commitChange(
      c,
      insertRequest(c.env.DB, request),
      [
        {
          action: 'request.create',
          entity: 'request',
          entityId: request.id,
          before: null,
          after: request,
        },
      ],
      now
    )
    return c.json(request, 201, { ETag: etag(1), Location: `/api/v1/requests/${request.id}` })
  })

  api.openapi(list, async (c) => {
    const q = c.req.valid('query')
    const page = await listRequests(c.env.DB, {
      ...q,
      subtree: q.agencyId ? true : undefined,
      scope: scopeOf(c.get('principal')),
      today: today(),
    })
    return c.json(page, 200)
  })

  api.openapi(get, async (c) => {
    const r = await visibleRequest(c, c.req.valid('param').id)
    return c.json(r, 200, { ETag: etag(r.version) })
  })

  api.openapi(patch, async (c) => {
    const before = await visibleRequest(c, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    if (!EDITABLE.includes(before.state))
      throw new Problem(409, 'request-wrong-state', { state: before.state, action: 'edit' })
    const input = c.req.valid('json')
    const now = new Date()
    const after: Request = {
      ...before,
      ...Object.fromEntries(
        Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'items')
      ),
      items: input.items ? items(input.items) : before.items,
      version: before.version + 1,
      updatedAt: now.toISOString(),
    }
    await saveEdit(c, before, after, ifMatch, now)
    return c.json(after, 200, { ETag: etag(after.version) })
  })

  for (const action of REQUEST_ACTIONS)
    api.openapi(transition(action, SUMMARIES[action]), async (c) => {
      const db = c.env.DB
      const before = await visibleRequest(c, c.req.valid('param').id)
      const ifMatch = checkIfMatch(c, before.version)
      const input = (c.req.valid('json') ?? {}) as z.infer<typeof RequestTransition>
      const now = new Date()
      enforce(transitionRefusal(before.state, action, c.get('principal').role !== 'admin'))
      const after: Request = {
        ...before,
        state: TRANSITIONS[action].to,
        version: before.version + 1,
        updatedAt: now.toISOString(),
      }
      if (action === 'file')
        enforce(
          contentRefusal(
            before.kind,
            before,
            await itemFacts(c, before.items, before.agencyId),
            now
          )
        )
      if (action === 'return' || action === 'refuse' || action === 'cancel') {
        if (action !== 'cancel' && !input.note)
          throw new Problem(422, 'request-needs-reason', {}, [{ path: 'note', code: 'required' }])
        after.stateNote = input.note ?? null
      }
      if (action === 'send') {
        if (!input.channel)
          throw new Problem(422, 'request-needs-channel', {}, [
            { path: 'channel', code: 'required' },
          ])
        const sentAt = input.sentAt ?? now.toISOString()
        // A record of what happened: not a moment still to come (a few minutes of clock skew aside).
        if (Date.parse(sentAt) > now.getTime() + 5 * 60_000)
          throw new Problem(422, 'request-sent-in-future', {}, [
            { path: 'sentAt', code: 'in-future' },
          ])
        after.channel = input.channel
        after.reference = input.reference ?? null
        after.sentAt = sentAt
        after.dueDay = (await workingCalendar(db)).addWorkingDays(
          vnYmd(new Date(sentAt)),
          DEFAULT_DUE_DAYS[before.kind]
        )
      }
      if (action === 'done') {
        const result = input.certificateId
          ? await referencedCertificate(db, 'certificateId', input.certificateId)
          : null
        enforce(
          completionRefusal(
            before.kind,
            before.certificateKind,
            await itemFacts(c, before.items, before.agencyId),
            result
          )
        )
        after.resultId = result?.id ?? null
        after.doneAt = now.toISOString()
      }
      after.overdue = after.state === 'sent' && after.dueDay !== null && after.dueDay < today()
      await commitChange(
        c,
        [...updateRequest(db, after, before.version), changedOrAbort(db)],
        [{ action: `request.${action}`, entity: 'request', entityId: after.id, before, after }],
        now,
        { onGuard: lostRace(ifMatch) }
      )
      return c.json(after, 200, { ETag: etag(after.version) })
    })

  api.openapi(holidays, async (c) => {
    const year = c.req.valid('query').year ?? Number(today().slice(0, 4))
    const entries = (await calendarEntries(c.env.DB)).filter((e) => e.day.startsWith(`${year}-`))
    return c.json(
      {
        year,
        entries: entries as z.infer<typeof HolidayEntry>[],
        daysOff: statutoryHolidays(year),
      },
      200
    )
  })

  api.openapi(addHoliday, async (c) => {
    const entry = c.req.valid('json')
    const now = new Date()
    const exists = await c.env.DB.prepare('SELECT 1 FROM holidays WHERE day = ?1')
      .bind(entry.day)
      .first()
    if (exists) throw new Problem(409, 'holiday-exists', { day: entry.day })
    await commitChange(
      c,
      [
        c.env.DB.prepare(
          'INSERT INTO holidays (day, kind, name, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5)'
        ).bind(entry.day, entry.kind, entry.name, entry.source, now.toISOString()),
      ],
      [
        {
          action: 'holiday.create',
          entity: 'holiday',
          entityId: entry.day,
          before: null,
          after: entry,
        },
      ],
      now
    )
    return c.json(entry, 201)
  })
}

/** An attachment is at most this large: a signed request letter is a few hundred KiB. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

/** What an attached file is, by its bytes (not its name): a PDF, a DOCX, or a CMS signed file. */
export function attachmentType(bytes: Uint8Array): 'pdf' | 'docx' | 'cms' | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048))
  if (head.startsWith('%PDF-')) return 'pdf'
  if (head.startsWith('PK\x03\x04') && head.includes('[Content_Types].xml')) return 'docx'
  // DER SignedData: SEQUENCE, then the OID 1.2.840.113549.1.7.2 within the first bytes (compared
  // as bytes: a TextDecoder's 'latin1' is windows-1252, which moves 0x80-0x9F).
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]
  const at = (i: number) => oid.every((b, k) => bytes[i + k] === b)
  if (bytes[0] === 0x30 && Array.from({ length: 16 }, (_, i) => i).some(at)) return 'cms'
  return null
}

const Attachment = z
  .object({
    n: z.number().int(),
    name: z.string(),
    type: z.enum(['pdf', 'docx', 'cms']),
    size: z.number().int(),
    sha256: z.string(),
    createdBy: z.string(),
    createdAt: Time,
  })
  .openapi('RequestAttachment')

const attach = createRoute({
  method: 'post',
  path: '/requests/{id}/attachments',
  tags: ['Requests'],
  summary: 'Attach the signed request file (PDF, DOCX, or a CMS signed file), at most 10 MiB',
  middleware: [requesters()] as const,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
        },
      },
    },
  },
  responses: { 201: json(Attachment, 'Attached'), ...problems(400, 401, 403, 404, 409, 413, 422) },
})

const attachments = createRoute({
  method: 'get',
  path: '/requests/{id}/attachments',
  tags: ['Requests'],
  summary: 'The files attached to a request',
  middleware: [readers()] as const,
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(Attachment) }), 'The files'),
    ...problems(401, 403, 404),
  },
})

const download = createRoute({
  method: 'get',
  path: '/requests/{id}/attachments/{n}',
  tags: ['Requests'],
  summary: 'One attached file',
  middleware: [readers()] as const,
  request: {
    params: z.object({ id: z.string(), n: z.coerce.number().int().min(0).max(1000) }),
  },
  responses: {
    200: {
      description: 'The file',
      content: { 'application/octet-stream': { schema: z.string() } },
    },
    ...problems(401, 403, 404),
  },
})

const MEDIA = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  cms: 'application/pkcs7-mime',
}

export function registerRequestAttachments(api: App) {
  api.openapi(attach, async (c) => {
    const r = await visibleRequest(c, c.req.valid('param').id)
    if (!['draft', 'returned', 'filed', 'checked'].includes(r.state))
      throw new Problem(409, 'request-wrong-state', { state: r.state, action: 'edit' })
    const file = (await c.req.formData()).get('file') as unknown as File | string | null
    if (!file || typeof file === 'string' || !file.size)
      throw new Problem(422, 'file-missing', {}, [{ path: 'file', code: 'required' }])
    if (file.size > MAX_ATTACHMENT_BYTES)
      throw new Problem(413, 'file-too-large', { limit: MAX_ATTACHMENT_BYTES / 1024 })
    const bytes = new Uint8Array(await file.arrayBuffer())
    const type = attachmentType(bytes)
    if (!type)
      throw new Problem(422, 'attachment-type', {}, [{ path: 'file', code: 'attachment-type' }])
    const now = new Date()
    const next = await c.env.DB.prepare(
      'SELECT coalesce(max(n), -1) + 1 AS n FROM request_attachments WHERE request_id = ?1'
    )
      .bind(r.id)
      .first<{ n: number }>()
    const attachment = {
      n: next!.n,
      name: (file.name || `tep-dinh-kem.${type === 'cms' ? 'p7m' : type}`).slice(0, 200),
      type,
      size: bytes.length,
      sha256: await sha256Hex(bytes),
      createdBy: c.get('principal').id,
      createdAt: now.toISOString(),
    }
    await c.env.BACKUPS.put(`requests/${r.id}/${attachment.n}`, bytes, {
      httpMetadata: { contentType: MEDIA[type] },
    })
    await commitChange(
      c,
      [
        c.env.DB.prepare(
          `INSERT INTO request_attachments (request_id, n, name, type, size, sha256, created_by, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`
        ).bind(
          r.id,
          attachment.n,
          attachment.name,
          type,
          attachment.size,
          attachment.sha256,
          attachment.createdBy,
          attachment.createdAt
        ),
      ],
      [
        {
          action: 'request.attach',
          entity: 'request',
          entityId: r.id,
          before: null,
          after: attachment,
        },
      ],
      now
    )
    return c.json(attachment, 201)
  })

  api.openapi(attachments, async (c) => {
    const r = await visibleRequest(c, c.req.valid('param').id)
    const { results } = await c.env.DB.prepare(
      `SELECT n, name, type, size, sha256, created_by AS createdBy, created_at AS createdAt
       FROM request_attachments WHERE request_id = ?1 ORDER BY n`
    )
      .bind(r.id)
      .all<z.infer<typeof Attachment>>()
    return c.json({ items: results }, 200)
  })

  api.openapi(download, async (c) => {
    const { id, n } = c.req.valid('param')
    const r = await visibleRequest(c, id)
    const row = await c.env.DB.prepare(
      'SELECT name, type FROM request_attachments WHERE request_id = ?1 AND n = ?2'
    )
      .bind(r.id, n)
      .first<{ name: string; type: keyof typeof MEDIA }>()
    const object = row && (await c.env.BACKUPS.get(`requests/${r.id}/${n}`))
    if (!row || !object) throw notFound('attachment', `${id}/${n}`)
    return new Response(object.body, {
      headers: {
        'content-type': MEDIA[row.type],
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`,
        'cache-control': 'no-store',
      },
    }) as never
  })
}
