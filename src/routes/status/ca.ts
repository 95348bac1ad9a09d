import { issuerStates, listedOf } from '../../db/ca-word'
import { issuerOf, type IssuerState } from '../../domain/ca-word'
import type { CaContext, StatusRecord } from '../../domain/status'

/** The registered issuers, as status answers need them (read with the records, never cached). */
export const readIssuers = issuerStates

/**
 * The CA's word for each question: the issuer of the registered record (or the issuer asked, when
 * the registry holds no such serial), and for a serial it does not hold, what that issuer's CRL
 * says of it. One batch of reads for all the questions.
 */
export async function caContexts(
  db: D1Database,
  issuers: IssuerState[],
  asked: { serial: string; issuer?: string; record: StatusRecord | null }[]
): Promise<CaContext[]> {
  const states = asked.map((a) => issuerOf(issuers, a.record?.issuer ?? a.issuer))
  const unheld = asked.flatMap((a, i) =>
    !a.record && states[i] ? [{ issuerId: states[i]!.id, serial: a.serial }] : []
  )
  const listed = await listedOf(db, unheld)
  return asked.map((a, i) => ({
    issuer: states[i],
    listed: a.record || !states[i] ? null : (listed.get(`${states[i]!.id} ${a.serial}`) ?? null),
  }))
}
