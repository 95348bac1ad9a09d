import { vnDate, vnDateTime } from '../lib/time'

/** dd/mm/yyyy in Vietnam time, or an em dash. */
export const date = (iso: string | null | undefined) => (iso ? vnDate(new Date(iso)) : '—')

/** HH:mm dd/mm/yyyy in Vietnam time, or an em dash. */
export const dateTime = (iso: string | null | undefined) => (iso ? vnDateTime(new Date(iso)) : '—')

/** Vietnamese digit grouping (2.700), whatever the language. */
export const count = (n: number) => n.toLocaleString('vi-VN')
