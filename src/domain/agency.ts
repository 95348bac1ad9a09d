import { webhookUrlProblem } from '../lib/net'
import type { Refusal } from './refusal'

/** An agency as the placement rules see it. */
export interface AgencyState {
  id: string
  code: string
  status: 'active' | 'merged' | 'dissolved'
  successorId: string | null
}

/**
 * People and records are placed only in agencies that still exist as such: nothing new is
 * recorded under a merged or dissolved agency (the answer names its successor, if any).
 */
export function agencyRefusal(agency: AgencyState, field = 'agencyId'): Refusal | null {
  if (agency.status === 'active') return null
  return {
    status: 409,
    code: 'agency-not-active',
    field,
    params: { code: agency.code, status: agency.status, successorId: agency.successorId },
  }
}

/**
 * An agency is dissolved only once nothing living is left in it: its units, persons in post and
 * devices are placed elsewhere first (a split, a move, a return).
 */
export function dissolutionRefusal(remains: {
  units: number
  holders: number
  devices: number
}): Refusal | null {
  if (!remains.units && !remains.holders && !remains.devices) return null
  return { status: 409, code: 'agency-not-empty', params: remains }
}

/** A webhook URL the department may set: see webhookUrlProblem (strict at the edge). */
export function webhookRefusal(url: string | null | undefined, strict: boolean): Refusal | null {
  const reason = url ? webhookUrlProblem(url, strict) : null
  return reason ? { status: 422, code: 'invalid-field', field: 'webhookUrl', reason } : null
}
