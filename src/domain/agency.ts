import type { Agency } from '../../schemas/agency'
import { Problem } from '../lib/problem'

/** People and records are placed only in agencies that still exist as such. */
export function assertAgencyActive(agency: Agency, field = 'agencyId'): void {
  if (agency.status === 'active') return
  const hint = agency.successorId ? ` Use its successor ${agency.successorId}.` : ''
  throw new Problem(409, 'agency-not-active', `Agency ${agency.code} is ${agency.status}.${hint}`, [
    { path: field, message: `agency is ${agency.status}` },
  ])
}
