import { findAgency } from '../db/agencies'
import { findCertificate } from '../db/certificates'
import { findDevice } from '../db/devices'
import { findHolder } from '../db/holders'
import { findIssuer } from '../db/issuers'
import { notFound, Problem } from '../lib/problem'

/** Loads a record addressed by the URL, or answers 404. */
const required =
  <T>(entity: string, find: (db: D1Database, id: string) => Promise<T | null>) =>
  async (db: D1Database, id: string): Promise<T> => {
    const found = await find(db, id)
    if (found === null) throw notFound(entity, id)
    return found
  }

/**
 * Loads a record a request body refers to, or answers 422 naming the field: an unknown id in the
 * body is bad input, not a missing resource.
 */
const referenced =
  <T>(entity: string, find: (db: D1Database, id: string) => Promise<T | null>) =>
  async (db: D1Database, field: string, id: string): Promise<T> => {
    const found = await find(db, id)
    if (found === null)
      throw new Problem(
        422,
        'unknown-reference',
        {},
        [{ path: field, code: 'unknown-reference', params: { entity } }],
        undefined,
        undefined,
        'invalid-field'
      )
    return found
  }

export const requireAgency = required('agency', findAgency)
export const requireHolder = required('holder', findHolder)
export const requireCertificate = required('certificate', findCertificate)
export const requireDevice = required('device', findDevice)
export const requireIssuer = required('issuer', findIssuer)

export const referencedAgency = referenced('agency', findAgency)
export const referencedHolder = referenced('holder', findHolder)
export const referencedCertificate = referenced('certificate', findCertificate)
export const referencedDevice = referenced('device', findDevice)
