/**
 * An env whose D1, R2, KV and queue bindings count what one invocation asks of them: the figure
 * Cloudflare limits per invocation (on Workers Paid, 1,000 D1 queries, "read subrequests": a
 * batch is one) and the subrequests besides. Used by the job tests and by the bench at the
 * national size (scripts/bench/jobs.ts), with the same limits.
 */
export interface Tally {
  /** D1 calls: each first/all/run/raw, each batch, each exec. */
  d1: number
  /** SQL statements run (a batch counts each of its statements): not limited, reported. */
  statements: number
  r2: number
  kv: number
  queue: number
}

/** What one invocation may ask, on Workers Paid. */
export const PER_INVOCATION = { d1: 1000, subrequests: 1000 } as const

export const subrequests = (t: Tally) => t.d1 + t.r2 + t.kv + t.queue

/** What a tally exceeds of one invocation's limits (none: []). */
export function overLimits(t: Tally): string[] {
  const over: string[] = []
  if (t.d1 > PER_INVOCATION.d1) over.push(`${t.d1} D1 queries`)
  if (subrequests(t) > PER_INVOCATION.subrequests) over.push(`${subrequests(t)} subrequests`)
  return over
}

const RUN = new Set(['first', 'all', 'run', 'raw'])

export function counting<E extends object>(env: E): { env: E; tally: Tally } {
  const tally: Tally = { d1: 0, statements: 0, r2: 0, kv: 0, queue: 0 }
  const real = new WeakMap<object, D1PreparedStatement>()
  const statement = (s: D1PreparedStatement): D1PreparedStatement => {
    const p = new Proxy(s, {
      get(target, key) {
        const value = Reflect.get(target, key)
        if (key === 'bind') return (...args: unknown[]) => statement(target.bind(...args))
        if (typeof key === 'string' && RUN.has(key))
          return (...args: unknown[]) => {
            tally.d1++
            tally.statements++
            return (value as (...a: unknown[]) => unknown).apply(target, args)
          }
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    real.set(p, s)
    return p
  }
  const database = <D extends object>(db: D): D =>
    new Proxy(db, {
      get(target, key) {
        const value = Reflect.get(target, key)
        if (typeof value !== 'function') return value
        if (key === 'prepare') return (sql: string) => statement((target as any).prepare(sql))
        if (key === 'batch')
          return (list: D1PreparedStatement[]) => {
            tally.d1++
            tally.statements += list.length
            return (target as any).batch(list.map((s) => real.get(s) ?? s))
          }
        if (key === 'exec')
          return (sql: string) => {
            tally.d1++
            tally.statements += sql.split(';').filter((s) => s.trim()).length
            return (target as any).exec(sql)
          }
        if (key === 'withSession') return (c?: string) => database((target as any).withSession(c))
        return value.bind(target)
      },
    })
  const calls = (binding: object, field: 'r2' | 'kv' | 'queue') =>
    new Proxy(binding, {
      get(target, key) {
        const value = Reflect.get(target, key)
        return typeof value === 'function'
          ? (...args: unknown[]) => (tally[field]++, value.apply(target, args))
          : value
      },
    })
  const wrapped: Record<string, unknown> = {}
  for (const [name, binding] of Object.entries(env)) {
    const kind = binding && typeof binding === 'object' ? bindingKind(binding) : null
    wrapped[name] =
      kind === 'd1' ? database(binding as object) : kind ? calls(binding as object, kind) : binding
  }
  return { env: wrapped as E, tally }
}

function bindingKind(b: object): 'd1' | 'r2' | 'kv' | 'queue' | null {
  const has = (k: string) => typeof (b as any)[k] === 'function'
  if (has('prepare') && has('batch')) return 'd1'
  if (has('sendBatch')) return 'queue'
  if (has('createMultipartUpload')) return 'r2'
  if (has('getWithMetadata')) return 'kv'
  return null
}
