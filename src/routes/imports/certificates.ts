import { createRoute, z } from '@hono/zod-openapi'
import { admins } from '../../auth/principal'
import { commitAudited, type AuditEntry } from '../../db/audit'
import { changedExactly } from '../../db/batch'
import {
  agenciesByCode,
  certificatesBySerial,
  devicesBySerial,
  holdersByName,
  holdersByNationalId,
  insertCertificates,
  insertDevicesInStock,
  insertHolders,
  updateCertificates,
} from '../../db/imports'
import type { App } from '../../env'
import { newId } from '../../lib/ids'
import { count } from '../../lib/metrics'
import { json, problems } from '../../lib/openapi'
import { Problem } from '../../lib/problem'
import { fileContent, readUpload } from '../../lib/upload'
import { parseSheet } from './parse'
import { planImport, type ImportPlan } from './plan'

const ImportResult = z
  .object({
    importId: z.string(),
    dryRun: z.boolean(),
    atomic: z.boolean(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), column: z.string(), reason: z.string() })),
    holdersCreated: z.number().int(),
    devicesCreated: z.number().int(),
  })
  .openapi('ImportResult')

const route = createRoute({
  method: 'post',
  path: '/imports/certificates',
  tags: ['Import and export'],
  summary: "Import the department's certificate spreadsheet (CSV, as Excel exports it)",
  description:
    'UTF-8 with or without BOM, comma or semicolon, Vietnamese or English headers, dd/mm/yyyy dates. dryRun=true previews what would be created, updated, unchanged and rejected (line, column, reason) and writes nothing. Idempotent: issuer + serial identify a certificate, holders match by CCCD or name in the agency, devices by serial. atomic=true writes nothing if any row is rejected; otherwise valid rows are written in chunks. Everything is audited under one import id.',
  middleware: [admins()] as const,
  request: {
    query: z.object({
      dryRun: z.enum(['true', 'false']).default('false'),
      atomic: z.enum(['true', 'false']).default('false'),
    }),
    body: {
      required: false,
      description: 'The CSV file',
      content: { 'text/csv': { schema: z.string() }, ...fileContent() },
    },
  },
  responses: {
    200: json(ImportResult, 'What the import did (or, dry, would do)'),
    ...problems(401, 403, 413, 415, 422),
  },
})

/** Rows per batch when not atomic: each chunk commits on its own, with its audit entries. */
const ROWS_PER_BATCH = 400
/**
 * Rows per request: the whole sheet and its plan are held in memory while it is resolved, and a
 * Worker isolate has 128 MB. Larger sheets go in parts (the import is idempotent, so a part sent
 * twice is harmless).
 */
export const MAX_IMPORT_ROWS = 20_000

export const registerImportCertificates = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const dryRun = c.req.valid('query').dryRun === 'true'
    const atomic = c.req.valid('query').atomic === 'true'
    const { rows, columnOf } = parseSheet(new TextDecoder().decode(await readUpload(c)))
    if (rows.length > MAX_IMPORT_ROWS)
      throw new Problem(
        413,
        'too-many-rows',
        `The sheet has ${rows.length} rows; send at most ${MAX_IMPORT_ROWS} a request (split it: the import is idempotent).`
      )
    const records = rows.flatMap((r) => (r.record ? [r.record] : []))
    const [agencies, byCccd, byName, devices, certificates] = await Promise.all([
      agenciesByCode(
        db,
        records.map((r) => r.agencyCode)
      ),
      holdersByNationalId(
        db,
        records.flatMap((r) => (r.nationalId ? [r.nationalId] : []))
      ),
      holdersByName(
        db,
        records.map((r) => r.fullName)
      ),
      devicesBySerial(
        db,
        records.flatMap((r) => (r.deviceSerial ? [r.deviceSerial] : []))
      ),
      certificatesBySerial(
        db,
        records.map((r) => r.serial)
      ),
    ])
    const now = new Date()
    const plan = planImport(
      rows,
      { agencies, holdersByCccd: byCccd, holdersByName: byName, devices, certificates },
      now,
      columnOf
    )
    const importId = newId('imp', now.getTime())
    const result = {
      importId,
      dryRun,
      atomic,
      rows: rows.length,
      created: plan.create.length,
      updated: plan.update.length,
      unchanged: plan.unchanged,
      rejected: plan.rejected.sort((a, b) => a.line - b.line),
      holdersCreated: plan.holders.length,
      devicesCreated: plan.devices.length,
    }
    if (dryRun) return c.json(result, 200)
    if (atomic && plan.rejected.length)
      throw new Problem(
        422,
        'import-rejected',
        `${plan.rejected.length} rows are invalid; with atomic=true nothing was written.`,
        plan.rejected
          .slice(0, 100)
          .map((r) => ({ path: `line ${r.line}: ${r.column}`, message: r.reason })),
        undefined,
        { rejected: result.rejected }
      )
    await write(c.env.DB, plan, atomic, {
      importId,
      principal: c.get('principal').id,
      at: now.toISOString(),
      summary: result,
    })
    count(c.env, 'import.rows', result.created + result.updated)
    return c.json(result, 200)
  })

/**
 * Writes the plan: one batch when atomic, else chunks of rows, each with its holders, devices,
 * certificates and audit entries (one per record, and a summary), all under the import id.
 */
async function write(
  db: D1Database,
  plan: ImportPlan,
  atomic: boolean,
  meta: { importId: string; principal: string; at: string; summary: unknown }
) {
  const entry = (action: string, entity: string, entityId: string, after: unknown): AuditEntry => ({
    at: meta.at,
    principal: meta.principal,
    action,
    entity,
    entityId,
    before: null,
    after,
    requestId: meta.importId,
  })
  const work = [
    ...plan.create.map((c) => ({ kind: 'create' as const, c })),
    ...plan.update.map((c) => ({ kind: 'update' as const, c })),
  ]
  const groups = atomic
    ? [work]
    : Array.from({ length: Math.max(1, Math.ceil(work.length / ROWS_PER_BATCH)) }, (_, i) =>
        work.slice(i * ROWS_PER_BATCH, (i + 1) * ROWS_PER_BATCH)
      )
  const holders = new Map(plan.holders.map((h) => [h.id, h]))
  const devices = new Map(plan.devices.map((d) => [d.id, d]))
  for (const [i, group] of groups.entries()) {
    // Holders and devices go in with the first group that needs them.
    const newHolders = [...new Set(group.map((w) => w.c.holderId))].flatMap((id) =>
      holders.has(id) ? [holders.get(id)!] : []
    )
    const newDevices = [
      ...new Set(group.flatMap((w) => (w.c.deviceId ? [w.c.deviceId] : []))),
    ].flatMap((id) => (devices.has(id) ? [devices.get(id)!] : []))
    newHolders.forEach((h) => holders.delete(h.id))
    newDevices.forEach((d) => devices.delete(d.id))
    const creates = group.flatMap((w) => (w.kind === 'create' ? [w.c] : []))
    const updates = group.flatMap((w) =>
      w.kind === 'update' ? [w.c as (typeof plan.update)[number]] : []
    )
    const statements = [
      ...insertHolders(db, newHolders),
      ...insertDevicesInStock(db, newDevices),
      ...insertCertificates(db, creates, meta.at),
      ...updateCertificates(db, updates, meta.at).flatMap((u) => [
        u.statement,
        changedExactly(db, u.expected),
      ]),
    ]
    const entries = [
      ...newHolders.map((h) => entry('holder.create', 'holder', h.id, h)),
      ...newDevices.map((d) => entry('device.create', 'device', d.id, d)),
      ...creates.map((cert) => entry('certificate.create', 'certificate', cert.id, cert)),
      ...updates.map((cert) => entry('certificate.update', 'certificate', cert.id, cert)),
      ...(i === groups.length - 1
        ? [entry('import.run', 'import', meta.importId, meta.summary)]
        : []),
    ]
    await commitAudited(
      db,
      statements,
      entries,
      [],
      () =>
        new Problem(
          409,
          'concurrent-change',
          'A certificate in the file changed while it was imported; import the file again (it is idempotent).'
        )
    )
  }
}
