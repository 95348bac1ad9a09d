import type { Params } from '../lib/messages'
import { Problem } from '../lib/problem'

/**
 * A rule's "no", as data: the problem code, the values it names and the field it points at. The
 * rules return it rather than throw, so every path says no its own way from the one rule: the API
 * answers it as a problem (`enforce`), the spreadsheet import as a rejected row.
 */
export interface Refusal {
  status: 409 | 422
  code: string
  params?: Params
  /** The field the refusal points at, and the catalogue text said of that field. */
  field?: string
  reason?: string
  /** The catalogue text of the whole refusal, when it is not the code's own. */
  text?: string
}

/** The first refusal of several rules, or null when every rule holds. */
export const firstOf = (...refusals: (Refusal | null)[]): Refusal | null =>
  refusals.find((r) => r !== null) ?? null

/** The refusal as the problem the API answers. */
export const problemOf = (r: Refusal) =>
  new Problem(
    r.status,
    r.code,
    r.params,
    r.field ? [{ path: r.field, code: r.reason ?? r.text ?? r.code, params: r.params }] : undefined,
    undefined,
    undefined,
    r.text ?? r.code
  )

/** Throws the refusal, if any, as a problem: the API's way of applying a rule. */
export function enforce(refusal: Refusal | null): void {
  if (refusal) throw problemOf(refusal)
}
