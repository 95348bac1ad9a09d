import type { FieldError } from './kit'
import { query, type Page } from './kit'

/**
 * Picking a reference by what people know it by, never by its id: a text field with a list of
 * suggestions (a <datalist> filled on the server, refreshed as one types by the page's script),
 * whose text the console resolves to the one record it names before calling the API. A text that
 * names none, or several, is answered with the candidates to choose from.
 */
export type PickKind = 'holder' | 'agency'

interface Candidate {
  id: string
  label: string
}

/** The last four digits of a CCCD: enough to tell two namesakes apart, not enough to identify. */
const cccdTail = (id: string | null) => (id ? ` · CCCD …${id.slice(-4)}` : '')

/** How an agency is named in a pick field: its name, and its code to tell namesakes apart. */
export const agencyLabel = (a: { name: string; code: string }) => `${a.name} (${a.code})`

/** Up to `limit` records of a kind matching `q` (name, code or CCCD), with their labels. */
export async function candidates(
  p: Page,
  kind: PickKind,
  q: string,
  limit = 20
): Promise<Candidate[]> {
  if (kind === 'agency') {
    const res = await p.api('GET', `/agencies?${query({ q, status: 'active', limit })}`)
    return res.status === 200
      ? res.body.items.map((a: any) => ({ id: a.id, label: agencyLabel(a) }))
      : []
  }
  const res = await p.api('GET', `/holders?${query({ q, status: 'in_post', limit })}`)
  if (res.status !== 200) return []
  const names = await agencyNames(
    p,
    res.body.items.map((h: any) => h.agencyId)
  )
  return res.body.items.map((h: any) => ({
    id: h.id,
    label: holderLabel(h, names.get(h.agencyId) ?? '', p.lang),
  }))
}

/**
 * How a holder is named in a pick field: name, agency, and what tells two namesakes of one agency
 * apart: the CCCD's last digits or, without a CCCD, the position and the end of the record's own
 * number (so a label always names one record).
 */
export const holderLabel = (
  h: { id: string; fullName: string; nationalId: string | null; position?: string | null },
  agencyName: string,
  lang: Page['lang']
) =>
  `${h.fullName} — ${agencyName}${
    h.nationalId
      ? cccdTail(h.nationalId)
      : `${h.position ? ` · ${h.position}` : ''} · ${lang === 'vi' ? 'mã' : 'no.'} …${h.id.slice(-4)}`
  }`

/** The names of some records, by id (one in-process read each, once each). */
async function namesOf(p: Page, list: '/agencies' | '/holders', ids: (string | null)[]) {
  const unique = [...new Set(ids.filter((id): id is string => !!id))]
  const answers = await Promise.all(
    unique.map((id) => p.api('GET', `${list}/${encodeURIComponent(id)}`))
  )
  const name = (body: any) => (list === '/agencies' ? body.name : body.fullName) as string
  return new Map(
    unique.map((id, i) => [id, answers[i].status === 200 ? name(answers[i].body) : id])
  )
}

/** The names of some agencies, by id. */
export const agencyNames = (p: Page, ids: string[]) => namesOf(p, '/agencies', ids)

/** The full names of some holders, by id. */
export const holderNames = (p: Page, ids: (string | null)[]) => namesOf(p, '/holders', ids)

/** What a field says when its text names nothing. */
export const nothingFound = (p: Page, text: string) =>
  p.lang === 'vi' ? `Không tìm thấy “${text}”.` : `Nothing found for “${text}”.`

/**
 * The certificate or device with this serial, as written on it (case, spaces and colons aside),
 * or undefined.
 */
export async function bySerial(p: Page, list: '/certificates' | '/devices', serial: string) {
  const wanted = serial.replace(/[\s:]/g, '').toUpperCase()
  const found = await p.api('GET', `${list}?q=${encodeURIComponent(serial)}&limit=20`)
  return (found.body?.items ?? []).find((x: any) => x.serial.toUpperCase() === wanted) as
    { id: string; serial: string; agencyId: string; holderId: string; kind: string } | undefined
}

/** The words of a label before its details: what a search finds it by. */
const searchable = (text: string) => text.split(/ — | \(|·/)[0].trim()

/**
 * The id a picked text names: the candidate whose label it is, or the only candidate its words
 * find. Otherwise a field error naming what to do (none found, or several: pick one).
 */
export async function resolvePick(
  p: Page,
  kind: PickKind,
  field: string,
  text: string | undefined
): Promise<{ id: string } | { error: FieldError; choices: Candidate[] }> {
  const vi = p.lang === 'vi'
  if (!text)
    return {
      error: { path: field, message: vi ? 'Hãy chọn.' : 'Choose one.' },
      choices: [],
    }
  const found = await candidates(p, kind, searchable(text), 50)
  const exact = found.filter((c) => c.label === text)
  const chosen = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : null
  if (chosen) return { id: chosen.id }
  return {
    error: {
      path: field,
      message: found.length
        ? vi
          ? `“${text}” ứng với ${found.length} mục: hãy chọn một mục trong danh sách gợi ý.`
          : `“${text}” matches ${found.length}: pick one from the suggestions.`
        : nothingFound(p, text),
    },
    choices: found,
  }
}

/** A pick field: the text input and its suggestions (refreshed by /console/pick as one types). */
export function PickField(props: {
  name: string
  label: string
  kind: PickKind
  value?: string
  options: Candidate[]
  errors?: FieldError[]
  required?: boolean
  hint?: string
  /** The form it is in, when a page has several forms with a field of this name. */
  form?: string
}) {
  const id = `f-${props.form ? `${props.form}-` : ''}${props.name}`
  const error = props.errors?.find((e) => e.path === props.name)
  return (
    <div class={error ? 'invalid' : undefined}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type="text"
        list={`${id}-list`}
        value={props.value ?? ''}
        required={props.required}
        autocomplete="off"
        data-pick={props.kind}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : props.hint ? `${id}-hint` : undefined}
      />
      <datalist id={`${id}-list`}>
        {props.options.map((o) => (
          <option value={o.label} />
        ))}
      </datalist>
      {props.hint && !error && (
        <p class="muted" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error.message}
        </p>
      )}
    </div>
  )
}
