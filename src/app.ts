import type { Context } from 'hono'
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { principal } from './auth/principal'
import type { AppEnv } from './env'
import { bodyLimits } from './http/body-limits'
import { configured } from './http/configured'
import { corsWhereConfigured } from './http/cors'
import { requestId } from './http/request-id'
import { catalogue, languageOf } from './lib/messages'
import { Problem, problemBody } from './lib/problem'
import { validationHook } from './http/validation'
import { requestLog } from './http/log'
import { count } from './lib/metrics'
import { d1Sessions } from './http/sessions'
import { registerApi } from './routes'
import { registerHealth } from './routes/health'
import { registerConsole } from './ui/console'
import { errorPage, isPagePath, pageLanguage } from './ui/error-page'
import { ApiRefusal } from './ui/kit'
import { registerDocs } from './ui/docs'

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
  app.use('*', configured())
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
      // Same-origin requests keep their Origin (the sign-in form checks it; "no-referrer" would
      // make a browser send "Origin: null"); nothing of a URL goes to another site.
      referrerPolicy: 'same-origin',
    })
  )
  app.use('/api/*', corsWhereConfigured())
  app.use('*', bodyLimits())
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
  // The catalogue of problem codes, each with the text a person reads in Vietnamese and English.
  const problems = catalogue()
  app.openAPIRegistry.registerComponent('schemas', 'ProblemCode', {
    type: 'string',
    description:
      'Every `code` a problem answer can carry. `detail` and each field error say it in the language asked for (Accept-Language: vi by default, en by choice); x-enum-descriptions lists both texts, with their {placeholders}.',
    enum: Object.keys(problems),
    'x-enum-descriptions': Object.values(problems).map(({ vi, en }) => `vi: ${vi} | en: ${en}`),
  } as never)
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Certificate registry API',
      version: '1.0.0',
      description:
        "Registry of the specialised public-service digital certificates (Nghị định 68/2024/NĐ-CP) issued to a province's agencies, their signing devices and custody. Errors are RFC 9457 problem+json, in Vietnamese or English (Accept-Language); their codes and texts are listed as the ProblemCode schema.",
    },
    security: [{ bearer: [] }],
  })
  registerDocs(app)
  registerConsole(app)

  const answer = (c: Context<AppEnv>, problem: Problem) => {
    if (problem.status >= 500) count(c.env, 'error', 1, problem.code)
    // A page a person reads answers a page (403, 404 … in the console's layout), never JSON.
    if (isPagePath(c.req.path)) {
      const lang = pageLanguage(c)
      return errorPage(c, problem.status, problemBody(problem, c.get('requestId'), lang).detail)
    }
    const lang = languageOf(c.req.header('accept-language'))
    return c.json(problemBody(problem, c.get('requestId') ?? 'none', lang), problem.status, {
      ...problem.headers,
      'content-type': 'application/problem+json',
      'content-language': lang,
    })
  }
  app.notFound((c) =>
    answer(c, new Problem(404, 'route-not-found', { method: c.req.method, path: c.req.path }))
  )
  app.onError((error, c) =>
    // A console page's read that the API refused: the page says what the API said, with its status.
    error instanceof ApiRefusal && isPagePath(c.req.path)
      ? errorPage(c, error.answer.status, error.message)
      : answer(c, toProblem(error))
  )
  return app
}
