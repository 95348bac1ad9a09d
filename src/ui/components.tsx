import type { Child } from 'hono/jsx'
import { query, type FieldError } from './kit'
import { term, type Lang } from '../lib/messages'
import { dateTime } from './format'

/** A labelled form field with its error beside it; the value stays as it was typed. */
export function Field(props: {
  name: string
  label: string
  value?: string | null
  type?: string
  errors?: FieldError[]
  required?: boolean
  options?: [string, string][]
  hint?: string
  /** The form it is in, when a page has several forms with a field of this name. */
  form?: string
  attrs?: Record<string, string>
}) {
  const id = `f-${props.form ? `${props.form}-` : ''}${props.name}`
  const error = props.errors?.find(
    (e) => e.path === props.name || e.path.startsWith(`${props.name}.`)
  )
  const described = error ? `${id}-error` : undefined
  return (
    <div class={error ? 'invalid' : undefined}>
      <label for={id}>{props.label}</label>
      {props.options ? (
        <select
          id={id}
          name={props.name}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
          required={props.required}
        >
          {props.options.map(([value, text]) => (
            <option value={value} selected={value === (props.value ?? '')}>
              {text}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          required={props.required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
          {...props.attrs}
        />
      )}
      {error && (
        <p class="error" id={described}>
          {error.message}
        </p>
      )}
    </div>
  )
}

/** A coloured status word. */
export const Badge = ({ status, label }: { status: string; label: string }) => (
  <span class={`badge ${status}`}>{label}</span>
)

/** A message after an action: what was done, or why it was refused. */
export const Flash = ({ ok, children }: { ok: boolean; children: Child }) => (
  <div class={`flash ${ok ? 'ok' : 'bad'}`} role={ok ? 'status' : 'alert'}>
    {children}
  </div>
)

/** The CSRF token every console form carries. */
export const Csrf = ({ token }: { token?: string }) => (
  <input type="hidden" name="_csrf" value={token ?? ''} />
)

/** A record's history from the audit log: when, what (in words), and who, newest first. */
export const History = ({
  title,
  lang,
  entries,
}: {
  title: string
  lang: Lang
  entries: { at: string; action: string; principal: string }[]
}) => {
  // What happened to the record; each read of its personal data stays in the audit log.
  const changes = entries.filter((e) => e.action !== 'personal-data.read')
  return (
    changes.length > 0 && (
      <>
        <h2>{title}</h2>
        <ul>
          {changes.map((e) => (
            <li>
              {dateTime(e.at)} — {term('auditAction', e.action, lang)} ({e.principal})
            </li>
          ))}
        </ul>
      </>
    )
  )
}

/**
 * A form that changes a record: a card with its heading and what it does, the CSRF token and the
 * version the record was read at, its fields, and its button (a destructive one red, and
 * confirmed by the page's script first).
 */
export const ActionForm = (props: {
  action: string
  title: string
  help?: Child
  csrf?: string
  version?: number
  danger?: boolean
  confirm?: boolean
  button?: string
  children: Child
}) => (
  <form
    class="card"
    method="post"
    action={props.action}
    data-confirm={props.confirm ? props.title : undefined}
  >
    <h2>{props.title}</h2>
    {props.help && <p class="muted">{props.help}</p>}
    <Csrf token={props.csrf} />
    {props.version !== undefined && (
      <input type="hidden" name="version" value={String(props.version)} />
    )}
    {props.children}
    <p>
      <button type="submit" class={props.danger ? 'danger' : undefined}>
        {props.button ?? props.title}
      </button>
    </p>
  </form>
)

/**
 * Paging both ways through a keyset list: the cursors of the pages before this one travel in
 * `back` (the API pages forwards only), so "previous" reopens the page before, and "first" the
 * start. `same` is the list's filters, kept on every link.
 */
export const Pager = (props: {
  t: (word: 'first' | 'previous' | 'page' | 'next') => string
  path: string
  same: Record<string, string | number | undefined>
  cursor?: string
  back: string[]
  next?: string | null
  shown: boolean
}) => {
  const { t, path, same, cursor, back, next } = props
  const link = (values: Record<string, string | undefined>) =>
    `${path}?${query({ ...same, ...values })}`
  return (
    <div class="pager">
      {cursor && <a href={link({ cursor: undefined, back: undefined })}>{t('first')}</a>}
      {cursor && (
        <a href={link({ cursor: back.at(-1), back: back.slice(0, -1).join(',') })}>
          {t('previous')}
        </a>
      )}
      {props.shown && (
        <span>
          {t('page')} {back.length + (cursor ? 2 : 1)}
        </span>
      )}
      {next && (
        <a href={link({ cursor: next, back: cursor ? [...back, cursor].join(',') : '' })}>
          {t('next')}
        </a>
      )}
    </div>
  )
}
