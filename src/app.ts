import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { principal } from './auth/principal'
import type { AppEnv } from './env'
import { configProblems } from './lib/config'
import { languageOf } from './lib/messages'
import { Problem, problemBody } from './lib/problem'
import { validationHook } from './lib/validation'
import { requestLog } from './lib/log'
import { count } from './lib/metrics'
import { d1Sessions } from './lib/sessions'
import { registerApi } from './routes'
import { registerHealth } from './routes/health'
import { registerConsole } from './ui/console'
import { registerDocs } from './ui/docs'

const MAX_JSON_BYTES = 1024 * 1024
const MAX_IMPORT_BYTES = 32 * 1024 * 1024

/** Maps anything thrown to problem+json; unexpected errors are logged without request data. */
function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error
  if (error instanceof HTTPException) {
    const code =
      error.status === 415
        ? 'unsupported-media-type'
        : error.status === 400
          ? 'malformed-request'
          : 'http-error'
    return new Problem(error.status as 400, code)
  }
  console.error(
    JSON.stringify({
      level: 'error',
      message: 'unhandled',
      error: String((error as Error)?.stack ?? error),
    })
  )
  return new Problem(500, 'internal-error')
}

/** The registry's HTTP app: middleware, the v1 API, OpenAPI document, docs, errors. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.use('*', requestId())
  app.use('*', requestLog())
  app.use('*', async (c, next) => {
    const wrong = configProblems(c.env)
    if (wrong.length) throw new Problem(503, 'misconfigured', { names: wrong.join(', ') })
    return next()
  })
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    })
  )
  // CORS only where configured: the API is for the department's own tools unless opened up.
  app.use('/api/*', async (c, next) => {
    const allowed = c.env.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean)
    if (!allowed.length) return next()
    return cors({
      origin: (origin) => (allowed.includes(origin) ? origin : null),
      allowHeaders: [
        'authorization',
        'content-type',
        'if-match',
        'idempotency-key',
        'x-request-id',
      ],
      exposeHeaders: ['etag', 'location', 'x-request-id', 'retry-after', 'x-d1-bookmark'],
      maxAge: 600,
    })(c, next)
  })
  // 1 MiB for JSON; a spreadsheet import may be larger (100,000 rows is about 20 MiB).
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new Problem(413, 'body-too-large', { limit: maxSize / 1024 })
      },
    })
  app.use('/api/v1/imports/*', limit(MAX_IMPORT_BYTES))
  app.use('/api/*', async (c, next) =>
    c.req.path.startsWith('/api/v1/imports/') ? next() : limit(MAX_JSON_BYTES)(c, next)
  )
  app.use('/api/*', d1Sessions())
  app.use('*', principal())

  registerHealth(app)

  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  registerApi(api)
  app.route('/api/v1', api)

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  })
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Certificate registry API',
      version: '1.0.0',
      description:
        "Registry of the specialised public-service digital certificates (Nghị định 68/2024/NĐ-CP) issued to a province's agencies, their signing devices and custody. Errors are RFC 9457 problem+json.",
    },
    security: [{ bearer: [] }],
  })
  registerDocs(app)
  registerConsole(app)

  app.notFound((c) => {
    const problem = new Problem(404, 'route-not-found', { method: c.req.method, path: c.req.path })
    return c.json(
      problemBody(problem, c.get('requestId'), languageOf(c.req.header('accept-language'))),
      404,
      {
        'content-type': 'application/problem+json',
      }
    )
  })
  app.onError((error, c) => {
    const problem = toProblem(error)
    if (problem.status >= 500) count(c.env, 'error', 1, problem.code)
    const lang = languageOf(c.req.header('accept-language'))
    return c.json(problemBody(problem, c.get('requestId') ?? 'none', lang), problem.status, {
      ...problem.headers,
      'content-type': 'application/problem+json',
      'content-language': lang,
    })
  })
  return app
}
