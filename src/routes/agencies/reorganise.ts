import { z } from '@hono/zod-openapi'
import { Agency, Moved } from '../../../schemas/agency'
import type { Agency as AgencyRecord } from '../../../schemas/agency'
import { Certificate } from '../../../schemas/certificate'
import { Page } from '../../../schemas/common'
import { isInSubtree } from '../../db/agencies'
import { listCertificates } from '../../db/certificates'
import { agencyRefusal } from '../../domain/agency'
import { enforce, firstOf } from '../../domain/refusal'
import { Problem } from '../../lib/problem'
import { presentCertificate } from '../certificates/present'
import { referencedAgency } from '../lookups'

/** What a reorganisation answers: the agency, what moved, and what is left to do. */
export const Reorganisation = z
  .object({
    agency: Agency,
    successor: Agency.nullable(),
    moved: Moved,
    toChangeOrRevoke: Page(Certificate).openapi({
      description:
        "The agency's active organisation certificates (its seal names an agency that no longer exists as it was): the first page; the next through GET /certificates?agencyId=…&kind=organisation&status=active&cursor=…",
    }),
  })
  .openapi('Reorganisation')

/**
 * The agency that receives an agency's records or affairs: active, and neither the agency itself
 * nor one of its units (the tree never gets a cycle).
 */
export async function receivingAgency(
  db: D1Database,
  from: AgencyRecord,
  field: string,
  id: string
) {
  const to = await referencedAgency(db, field, id)
  enforce(firstOf(agencyRefusal(from, 'id'), agencyRefusal(to, field)))
  if (await isInSubtree(db, from.id, to.id))
    throw new Problem(409, 'agency-cycle', {}, [{ path: field, code: 'agency-cycle' }])
  return to
}

/** The first page of the active organisation certificates left under an agency. */
export async function sealsLeft(db: D1Database, agencyId: string, now: Date) {
  const page = await listCertificates(
    db,
    { agencyId, kind: 'organisation', status: 'active', limit: 50, sort: 'notAfter', days: 30 },
    now
  )
  return { ...page, items: page.items.map((cert) => presentCertificate(cert, now)) }
}

/** Counts of what moved. */
export const counted = (moved: {
  holders: string[]
  devices: string[]
  certificates: string[]
  units: string[]
}) => ({
  holders: moved.holders.length,
  devices: moved.devices.length,
  certificates: moved.certificates.length,
  units: moved.units.length,
})
