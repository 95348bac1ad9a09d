import type { OpenAPIHono } from '@hono/zod-openapi'

export type Role = 'admin' | 'officer' | 'auditor' | 'public'

/** Who is asking: an API key, an Access identity, a console session, or nobody (public). */
export interface Principal {
  id: string
  role: Role
  /** Officers only: the agency whose subtree they may see. */
  agencyId?: string
  /** What people see: the key's or the user's name. */
  name: string
}

export interface AppEnv {
  Bindings: Env
  Variables: {
    requestId: string
    /** The client's own X-Request-Id, when well-formed: logged beside ours, never trusted for it. */
    clientRequestId?: string
    principal: Principal
    /** Set when the principal came from a console session cookie. */
    session?: { id: string; csrf: string }
    /** Set by the idempotency middleware when a create carries an Idempotency-Key. */
    idempotency?: { key: string; fingerprint: string }
  }
}

export type App = OpenAPIHono<AppEnv>
