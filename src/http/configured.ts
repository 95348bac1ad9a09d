import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { configProblems } from '../lib/config'
import { Problem } from '../lib/problem'

/** A 503 naming what is misconfigured (never its value), before anything else runs. */
export const configured = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const wrong = configProblems(c.env)
    if (wrong.length) throw new Problem(503, 'misconfigured', { names: wrong.join(', ') })
    return next()
  })
