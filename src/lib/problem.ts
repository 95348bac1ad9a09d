import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { fieldLabel, say, type Lang, type Params } from './messages'

/** A field a problem points at: its path and what is wrong, as a catalogue code and its values. */
export interface FieldError {
  path: string
  code: string
  params?: Params
}

/**
 * The one error type of the registry. Anything thrown as a Problem is answered as RFC 9457
 * `application/problem+json` by the app's onError, with the request id added and the text in
 * the language the request asked for (the catalogue in ./messages).
 */
export class Problem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly params: Params = {},
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** Extension members of the problem body (RFC 9457 §3.2), e.g. the issuers to choose from. */
    readonly extra?: Record<string, unknown>,
    /** The catalogue text, when it is not the code's own (every *-not-found says 'not-found'). */
    readonly text: string = code
  ) {
    super(say(text, { ...params, list: listOf(errors, 'en') }, 'en'))
    this.name = 'Problem'
  }
}

const titles: Record<number, [string, string]> = {
  400: ['Yêu cầu không hợp lệ', 'Bad request'],
  401: ['Chưa đăng nhập', 'Not signed in'],
  403: ['Không được phép', 'Not allowed'],
  404: ['Không tìm thấy', 'Not found'],
  405: ['Phương thức không được hỗ trợ', 'Method not allowed'],
  409: ['Trái quy định của sổ đăng ký', 'Conflict with the registry rules'],
  412: ['Phiên bản đã cũ', 'Stale version'],
  413: ['Yêu cầu quá lớn', 'Request too large'],
  415: ['Kiểu nội dung không được hỗ trợ', 'Unsupported media type'],
  422: ['Nội dung không hợp lệ', 'Invalid content'],
  428: ['Thiếu điều kiện', 'Precondition required'],
  429: ['Quá nhiều yêu cầu', 'Too many requests'],
  500: ['Lỗi hệ thống', 'Internal error'],
  502: ['Dịch vụ bên ngoài không trả lời đúng', 'An outside service failed'],
  503: ['Tạm thời không phục vụ được', 'Service unavailable'],
}

const message = (e: FieldError, lang: Lang) => say(e.code, e.params, lang)
const listOf = (errors: FieldError[] | undefined, lang: Lang) =>
  errors?.map((e) => `${fieldLabel(e.path, lang)}: ${message(e, lang)}`).join('; ')

/** The problem+json body of a Problem, as DESIGN.md shapes it, in `lang`. */
export function problemBody(problem: Problem, requestId: string, lang: Lang = 'vi') {
  const title = titles[problem.status]
  return {
    type: `urn:cert-registry:problem:${problem.code}`,
    title: title ? title[lang === 'vi' ? 0 : 1] : 'Error',
    status: problem.status,
    detail: say(problem.text, { ...problem.params, list: listOf(problem.errors, lang) }, lang),
    code: problem.code,
    requestId,
    ...(problem.errors
      ? {
          errors: problem.errors.map((e) => ({
            path: e.path,
            field: fieldLabel(e.path, lang),
            message: message(e, lang),
          })),
        }
      : {}),
    ...problem.extra,
  }
}

/** A 404 for a record of `entity` with `id`, worded for people. */
export const notFound = (entity: string, id: string) =>
  new Problem(
    404,
    `${entity}-not-found`,
    { entity, id },
    undefined,
    undefined,
    undefined,
    'not-found'
  )

/** A 400/422 naming one field and the reason (a catalogue code with its values). */
export const invalidField = (
  path: string,
  code: string,
  params: Params = {},
  status: 400 | 422 = 422
) => new Problem(status, 'invalid-field', {}, [{ path, code, params }])
