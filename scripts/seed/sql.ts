import { entryHash } from '../../src/domain/audit-chain'
import { writtenValues, WRITTEN_COLUMNS } from '../../src/db/certificates'
import { dnKey } from '../../src/lib/dn'
import { fold } from '../../src/lib/text'
import type { Province } from './demo-province'

const q = (v: unknown) =>
  v === null || v === undefined
    ? 'NULL'
    : typeof v === 'number'
      ? String(v)
      : `'${String(v).replace(/'/g, "''")}'`

/** Multi-row INSERTs of at most `per` rows, well under D1's 100 KB statement limit. */
function inserts(table: string, columns: string[], rows: unknown[][], per = 50): string[] {
  const out: string[] = []
  for (let i = 0; i < rows.length; i += per)
    out.push(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES\n${rows
        .slice(i, i + per)
        .map((row) => `(${row.map(q).join(', ')})`)
        .join(',\n')};`
    )
  return out
}

/**
 * The statements that load a province into an empty registry, with one audit entry saying so.
 * Foreign keys are deferred to the commit: a renewed certificate and its successor point at each
 * other.
 */
export async function provinceStatements(p: Province, at: string): Promise<string[]> {
  const counts = {
    agencies: p.agencies.length,
    holders: p.holders.length,
    devices: p.devices.length,
    certificates: p.certificates.length,
  }
  const seed = {
    seq: 1,
    at,
    principal: 'seed',
    action: 'registry.seed',
    entity: 'registry',
    entityId: 'demo',
    before: null,
    after: JSON.stringify(counts),
    requestId: 'seed',
    prevHash: null,
    keyId: null,
  }
  const hash = await entryHash(seed)
  const names = new Map(p.holders.map((h) => [h.id, h.fullName]))
  return [
    'PRAGMA defer_foreign_keys = on;',
    ...inserts(
      'agencies',
      [
        'id',
        'code',
        'name',
        'name_key',
        'kind',
        'parent_id',
        'emails',
        'webhook_url',
        'status',
        'successor_id',
        'ended_at',
        'version',
        'created_at',
        'updated_at',
      ],
      p.agencies.map((a) => [
        a.id,
        a.code,
        a.name,
        fold(a.name),
        a.kind,
        a.parentId,
        JSON.stringify(a.emails),
        a.webhookUrl,
        a.status,
        a.successorId,
        a.endedAt,
        a.version,
        a.createdAt,
        a.updatedAt,
      ])
    ),
    ...inserts(
      'holders',
      [
        'id',
        'kind',
        'full_name',
        'name_key',
        'national_id',
        'position',
        'email',
        'phone',
        'agency_id',
        'status',
        'left_at',
        'version',
        'created_at',
        'updated_at',
      ],
      p.holders.map((h) => [
        h.id,
        h.kind,
        h.fullName,
        fold(h.fullName),
        h.nationalId,
        h.position,
        h.email,
        h.phone,
        h.agencyId,
        h.status,
        h.leftAt,
        h.version,
        h.createdAt,
        h.updatedAt,
      ])
    ),
    ...inserts(
      'devices',
      [
        'id',
        'serial',
        'model',
        'kind',
        'status',
        'agency_id',
        'holder_id',
        'note',
        'version',
        'created_at',
        'updated_at',
      ],
      p.devices.map((d) => [
        d.id,
        d.serial,
        d.model,
        d.kind,
        d.status,
        d.agencyId,
        d.holderId,
        d.note,
        d.version,
        d.createdAt,
        d.updatedAt,
      ])
    ),
    ...inserts(
      'device_assignments',
      [
        'id',
        'device_id',
        'holder_id',
        'assigned_at',
        'handover_ref',
        'returned_at',
        'return_note',
        'closed_by',
      ],
      p.custody.map((e) => [
        e.id,
        e.deviceId,
        e.holderId,
        e.assignedAt,
        e.handoverRef,
        e.returnedAt,
        e.returnNote,
        e.closedBy,
      ])
    ),
    ...inserts(
      'certificates',
      WRITTEN_COLUMNS,
      p.certificates.map((c) => writtenValues(c, names.get(c.holderId)!))
    ),
    ...inserts(
      'issuers',
      ['id', 'name', 'dn', 'dn_key', 'aliases', 'version', 'created_at', 'updated_at'],
      p.issuers.map((i) => [
        i.id,
        i.name,
        i.dn,
        dnKey(i.dn),
        JSON.stringify(i.aliases),
        i.version,
        i.createdAt,
        i.updatedAt,
      ])
    ),
    ...inserts(
      'audit_log',
      [
        'seq',
        'at',
        'principal',
        'action',
        'entity',
        'entity_id',
        'before',
        'after',
        'request_id',
        'prev_hash',
        'hash',
      ],
      [
        [
          1,
          at,
          'seed',
          seed.action,
          seed.entity,
          seed.entityId,
          null,
          seed.after,
          'seed',
          null,
          hash,
        ],
      ]
    ),
  ]
}

/** The same statements as one SQL file, for `wrangler d1 execute --file`. */
export const provinceSql = async (p: Province, at: string) =>
  (await provinceStatements(p, at)).join('\n')
