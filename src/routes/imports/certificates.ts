import { createRoute, z } from '@hono/zod-openapi'
import { admins } from '../../auth/principal'
import { commitAudited, type AuditEntry } from '../../db/audit'
import { changedExactly } from '../../db/batch'
import { renameHolderInCertificates } from '../../db/certificates'
import {
  agenciesByCode,
  carriedOn,
  certificatesBySerial,
  devicesBySerial,
  holdersFor,
  insertCertificates,
  insertDevicesInStock,
  insertHolders,
  revokeCertificates,
  updateCertificates,
  updateHolders,
} from '../../db/imports'
import { listIssuers } from '../../db/issuers'
import type { AuditKey } from '../../domain/audit-chain'
import { auditKeys } from '../../lib/audit-keys'
import { languageOf, say } from '../../lib/messages'
import type { App } from '../../env'
import { newId } from '../../lib/ids'
import { count } from '../../lib/metrics'
import { json, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { fileContent, readUpload } from '../../http/upload'
import { readSheet } from './parse'
import { XLSX_TYPE } from '../../lib/xlsx'
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
    revoked: z.number().int(),
    rejected: z.array(
      z.object({
        line: z.number().int(),
        column: z.string().openapi({ description: "The column, as the file's header names it" }),
        code: z.string(),
        reason: z.string().openapi({ description: 'Why, in the language asked for' }),
      })
    ),
    holdersCreated: z.number().int(),
    devicesCreated: z.number().int(),
  })
  .openapi('ImportResult')

const route = createRoute({
  method: 'post',
  path: '/imports/certificates',
  tags: ['Import and export'],
  summary: "Import the department's certificate spreadsheet (.xlsx, or CSV as Excel exports it)",
  description:
    'An Excel workbook (.xlsx: its first sheet; text and date cells both read), or CSV in UTF-8 with or without BOM, comma or semicolon, Vietnamese or English headers, dd/mm/yyyy dates (a date without a time: the start of that Vietnam day for the start of validity, its end for the expiry). dryRun=true previews what would be created, updated, revoked, unchanged and rejected (line, column, reason) and writes nothing. The same rules as the API: issuers by their registered name or alias (unknown: rejected), holders by CCCD (only the holder with that CCCD) or by name in the agency, devices by serial (one holder’s keys each), nothing new under a merged or dissolved agency. A registered certificate’s row may change only what the department owns (agency, device, note, a missing fingerprint, the holder’s position) or revoke it; a row whose validity, subject, kind or fingerprint differs from the registered certificate is rejected (those come from the CA). Idempotent; atomic=true writes nothing if any row is rejected; otherwise valid rows are written in chunks. Everything is audited under one import id.',
  middleware: [admins()] as const,
  request: {
    query: z.object({
      dryRun: z.enum(['true', 'false']).default('false'),
      atomic: z.enum(['true', 'false']).default('false'),
    }),
    body: {
      required: false,
      description:
        'The workbook or CSV file (GET /imports/certificates/template.xlsx: the columns)',
      content: {
        'text/csv': { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
        ...fileContent(),
      },
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
    const lang = languageOf(c.req.header('accept-language'))
    const { rows, columnOf } = await readSheet(await readUpload(c))
    if (rows.length > MAX_IMPORT_ROWS)
      throw new Problem(413, 'too-many-rows', { rows: rows.length, max: MAX_IMPORT_ROWS })
    const records = rows.flatMap((r) => (r.record ? [r.record] : []))
    const now = new Date()
    const [agencies, devices, certificates, issuers] = await Promise.all([
      agenciesByCode(
        db,
        records.map((r) => r.agencyCode)
      ),
      devicesBySerial(
        db,
        records.flatMap((r) => (r.deviceSerial ? [r.deviceSerial] : []))
      ),
      certificatesBySerial(
        db,
        records.map((r) => r.serial)
      ),
      listIssuers(db),
    ])
    const [holders, carried] = await Promise.all([
      holdersFor(
        db,
        records.flatMap((r) => (r.nationalId ? [r.nationalId] : [])),
        records.map((r) => r.fullName),
        certificates.map((cert) => cert.holderId)
      ),
      carriedOn(
        db,
        devices.map((d) => d.id),
        now
      ),
    ])
    const plan = planImport(
      rows,
      { agencies, holders, devices, carried, certificates, issuers },
      now
    )
    const importId = newId('imp', now.getTime())
    const rejected = plan.rejected
      .sort((a, b) => a.line - b.line)
      .map((r) => ({
        line: r.line,
        column: columnOf(r.column),
        code: r.code,
        reason: say(r.code, r.params, lang),
      }))
    const result = {
      importId,
      dryRun,
      atomic,
      rows: rows.length,
      created: plan.create.length,
      updated: plan.updatedRows,
      revoked: plan.revoke.length,
      unchanged: plan.unchanged,
      rejected,
      holdersCreated: plan.holders.length,
      devicesCreated: plan.devices.length,
    }
    if (dryRun) return c.json(result, 200)
    if (atomic && rejected.length)
      throw new Problem(
        422,
        'import-rejected',
        { count: rejected.length },
        rejected
          .slice(0, 100)
          .map((r) => ({ path: `line ${r.line}: ${r.column}`, code: r.reason })),
        undefined,
        { rejected }
      )
    await write(db, plan, atomic, {
      importId,
      signer: (await auditKeys(c.env)).signer,
      principal: c.get('principal').id,
      at: now.toISOString(),
      summary: {
        ...result,
        rejected: result.rejected.map(({ line, column, code }) => ({ line, column, code })),
      },
    })
    count(c.env, 'import.rows', result.created + result.updated)
    return c.json(result, 200)
  })

/**
 * Writes the plan: one batch when atomic, else the rows in chunks, each with its holders, devices,
 * certificates and audit entries (one per record, and a summary), all under the import id. The
 * audit keeps what the registry wrote, never the sheet's raw cells.
 */
async function write(
  db: D1Database,
  plan: ImportPlan,
  atomic: boolean,
  meta: { importId: string; principal: string; at: string; summary: unknown; signer: AuditKey }
) {
  const entry = (
    action: string,
    entity: string,
    entityId: string,
    before: unknown,
    after: unknown
  ): AuditEntry => ({
    at: meta.at,
    principal: meta.principal,
    action,
    entity,
    entityId,
    before,
    after,
    requestId: meta.importId,
  })
  // Work by line: a row's certificate, its update and its revocation land in the same batch.
  const lines = [
    ...new Set([
      ...plan.create.map((c) => c.line),
      ...plan.update.map((u) => u.line),
      ...plan.revoke.map((r) => r.line),
      ...plan.holderUpdates.map((h) => h.line),
    ]),
  ].sort((a, b) => a - b)
  const groups = atomic
    ? [lines]
    : Array.from({ length: Math.max(1, Math.ceil(lines.length / ROWS_PER_BATCH)) }, (_, i) =>
        lines.slice(i * ROWS_PER_BATCH, (i + 1) * ROWS_PER_BATCH)
      )
  const holders = new Map(plan.holders.map((h) => [h.id, h]))
  const devices = new Map(plan.devices.map((d) => [d.id, d]))
  const guarded = (list: { statement: D1PreparedStatement; expected: number }[]) =>
    list.flatMap((u) => [u.statement, changedExactly(db, u.expected)])
  for (const [i, group] of groups.entries()) {
    const inGroup = new Set(group)
    const creates = plan.create.filter((c) => inGroup.has(c.line))
    const updates = plan.update.filter((u) => inGroup.has(u.line))
    const revokes = plan.revoke.filter((r) => inGroup.has(r.line))
    const holderUpdates = plan.holderUpdates.filter((h) => inGroup.has(h.line))
    // Holders and devices go in with the first group that needs them.
    const newHolders = [...new Set(creates.map((c) => c.holderId))].flatMap((id) =>
      holders.has(id) ? [holders.get(id)!] : []
    )
    const newDevices = [
      ...new Set(creates.flatMap((c) => (c.deviceId ? [c.deviceId] : []))),
    ].flatMap((id) => (devices.has(id) ? [devices.get(id)!] : []))
    newHolders.forEach((h) => holders.delete(h.id))
    newDevices.forEach((d) => devices.delete(d.id))
    const statements = [
      ...insertHolders(db, newHolders),
      ...guarded(updateHolders(db, holderUpdates, meta.at)),
      ...holderUpdates.map((h) => renameHolderInCertificates(db, h.id, h.fullName)),
      ...insertDevicesInStock(db, newDevices),
      ...insertCertificates(db, creates),
      ...guarded(updateCertificates(db, updates)),
      ...guarded(revokeCertificates(db, revokes)),
    ]
    const entries = [
      ...newHolders.map((h) => entry('holder.create', 'holder', h.id, null, h)),
      ...holderUpdates.map((h) => entry('holder.update', 'holder', h.id, null, h)),
      ...newDevices.map((d) => entry('device.create', 'device', d.id, null, d)),
      ...creates.map(({ holderName: _, line: __, ...cert }) =>
        entry('certificate.create', 'certificate', cert.id, null, cert)
      ),
      ...updates.map((u) =>
        entry('certificate.update', 'certificate', u.after.id, u.before, u.after)
      ),
      ...revokes.map((r) =>
        entry('certificate.revoke', 'certificate', r.after.id, r.before, r.after)
      ),
      ...(i === groups.length - 1
        ? [entry('import.run', 'import', meta.importId, null, meta.summary)]
        : []),
    ]
    await commitAudited(
      db,
      meta.signer,
      statements,
      entries,
      [],
      () => new Problem(409, 'import-concurrent-change')
    )
  }
}
