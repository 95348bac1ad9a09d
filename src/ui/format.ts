import { vnDate } from '../lib/time'

/** dd/mm/yyyy in Vietnam time, or an em dash. */
export const date = (iso: string | null | undefined) => (iso ? vnDate(new Date(iso)) : '—')

/** Vietnamese digit grouping (2.700), whatever the language. */
export const count = (n: number) => n.toLocaleString('vi-VN')
