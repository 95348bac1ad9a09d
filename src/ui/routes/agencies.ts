import type { Context, Hono } from 'hono'
import type { AppEnv } from '../../env'
import { pageOf, type FieldError, type Page } from '../kit'
import { agencyNew, agencyPage, agencyTree, SPLIT_PARTS } from '../pages/agencies'
import { resolvePick } from '../pick'
import { formAction, namedAsForm, readAt, render, saved, type Outcome } from '../respond'

/** Words typed as a list (e-mail addresses, days): split on commas, semicolons or spaces. */
const listOf = (text?: string) => (text ? text.split(/[,;\s]+/).filter(Boolean) : [])

/** The API's field names as the forms name them (references are picked, not typed as ids). */
const FORM_FIELD: Record<string, string> = { successorId: 'successor', parentId: 'parent' }
const formField = (path: string) => {
  const part = /^parts\.(\d+)\.agencyId$/.exec(path)
  return part ? `part${Number(part[1]) + 1}` : (FORM_FIELD[path] ?? path)
}

/** An agency picked by name, or none when the field is empty and the pick is optional. */
async function optionalAgency(p: Page, field: string, text?: string) {
  return text ? resolvePick(p, 'agency', field, text) : { id: undefined }
}

/** The agency's fields from its form, its parent picked by name (empty: top level). */
async function agencyBody(p: Page, v: Record<string, string>) {
  const parent = await optionalAgency(p, 'parent', v.parent)
  if ('error' in parent) return { errors: [parent.error] }
  return {
    body: {
      code: v.code,
      name: v.name,
      kind: v.kind,
      parentId: parent.id ?? null,
      emails: listOf(v.emails),
      webhookUrl: v.webhookUrl ?? null,
      reminderDays: v.reminderDays ? listOf(v.reminderDays).map(Number) : null,
    },
  }
}

/**
 * A split as the form says it: up to SPLIT_PARTS receiving agencies picked by name, and for each
 * unit, person and device of the agency the part it goes to (`to.<kind>.<id>` = part number).
 */
async function splitBody(p: Page, v: Record<string, string>) {
  const errors: FieldError[] = []
  const parts: { agencyId: string; units: string[]; holders: string[]; devices: string[] }[] = []
  // Parts are named in order (part 3 without part 2 is asked for part 2), so the API's
  // parts.N is the form's part N + 1.
  const last = Math.max(
    1,
    ...Array.from({ length: SPLIT_PARTS }, (_, i) => i + 1).filter(
      (n) =>
        v[`part${n}`] ||
        Object.entries(v).some(([k, to]) => k.startsWith('to.') && to === String(n))
    )
  )
  for (let n = 1; n <= last; n++) {
    const members = Object.entries(v).filter(([k, to]) => k.startsWith('to.') && to === String(n))
    const agency = await resolvePick(p, 'agency', `part${n}`, v[`part${n}`])
    if ('error' in agency) {
      errors.push(agency.error)
      continue
    }
    const of = (kind: string) =>
      members.filter(([k]) => k.startsWith(`to.${kind}.`)).map(([k]) => k.split('.')[2])
    parts.push({
      agencyId: agency.id,
      units: of('unit'),
      holders: of('holder'),
      devices: of('device'),
    })
  }
  const successor = await optionalAgency(p, 'successor', v.successor)
  if ('error' in successor) errors.push(successor.error)
  if (errors.length) return { errors }
  return {
    body: {
      parts,
      dissolve: v.dissolve === 'true',
      successorId: 'id' in successor ? successor.id : undefined,
      note: v.note,
    },
  }
}

/**
 * The agency screens: the tree, adding one, and one agency's page with its forms (edit or rename,
 * merge, split, dissolve, correct). Each form calls the same API route as any other client.
 */
export function registerAgencyPages(app: Hono<AppEnv>) {
  const page = (c: Context<AppEnv>) => pageOf(app, c)
  app.get('/console/agencies', async (c) => render(c, await agencyTree(page(c))))
  app.get('/console/agencies/new', async (c) => render(c, await agencyNew(page(c))))
  app.get('/console/agencies/:id', async (c) => {
    const p = page(c)
    const html = await agencyPage(
      p,
      c.req.param('id'),
      c.req.query('done') ? { message: saved(p) } : {}
    )
    return html ? render(c, html) : c.notFound()
  })

  /** Calls the API with a body built from the form, or answers the form's own field errors. */
  const send =
    (
      method: string,
      path: (p: Page) => string,
      build: (
        p: Page,
        v: Record<string, string>
      ) => Promise<{ body?: unknown; errors?: FieldError[] }>
    ) =>
    async (p: Page, v: Record<string, string>): Promise<Outcome> => {
      const built = await build(p, v)
      if (built.errors) return { errors: built.errors }
      return namedAsForm(await p.api(method, path(p), built.body, readAt(v)), formField)
    }
  const id = (p: Page) => encodeURIComponent(p.c.req.param('id')!)
  const again = (name: string) => (p: Page, state: object) =>
    agencyPage(p, p.c.req.param('id')!, { ...state, form: name })

  formAction(app, '/console/agencies', {
    name: 'new',
    call: send('POST', () => '/agencies', agencyBody),
    next: (_, answer) => `/console/agencies/${answer.body.id}?done=new`,
    again: (p, state) => agencyNew(p, state),
  })
  formAction(app, '/console/agencies/:id', {
    name: 'edit',
    call: send('PATCH', (p) => `/agencies/${id(p)}`, agencyBody),
    next: (p) => `/console/agencies/${id(p)}?done=edit`,
    again: again('edit'),
  })
  // A reorganisation answers with what moved and what is left to do: shown on the agency's page.
  const reorganisation = (
    name: string,
    build: (
      p: Page,
      v: Record<string, string>
    ) => Promise<{ body?: unknown; errors?: FieldError[] }>
  ) =>
    formAction(app, `/console/agencies/:id/${name}`, {
      name,
      call: send('POST', (p) => `/agencies/${id(p)}/${name}`, build),
      next: async (p, answer) =>
        agencyPage(p, p.c.req.param('id')!, { message: saved(p), done: answer.body }),
      again: again(name),
    })
  reorganisation('merge', async (p, v) => {
    const successor = await resolvePick(p, 'agency', 'successor', v.successor)
    return 'error' in successor
      ? { errors: [successor.error] }
      : { body: { successorId: successor.id, note: v.note } }
  })
  reorganisation('split', splitBody)
  reorganisation('dissolve', async (p, v) => {
    const successor = await optionalAgency(p, 'successor', v.successor)
    return 'error' in successor
      ? { errors: [successor.error] }
      : { body: { successorId: successor.id, note: v.note } }
  })
  formAction(app, '/console/agencies/:id/correct', {
    name: 'correct',
    call: send(
      'POST',
      (p) => `/agencies/${id(p)}/correct`,
      async (_, v) => ({
        body: { reason: v.reason },
      })
    ),
    next: (p) => `/console/agencies/${id(p)}?done=correct`,
    again: again('correct'),
  })
}
