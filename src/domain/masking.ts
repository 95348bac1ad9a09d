/**
 * Masks a CCCD (national ID, personal data under Nghị định 13/2023/NĐ-CP) for everyone but the
 * department: the first four and last two digits stay, "001203004589" -> "0012******89".
 */
export function maskNationalId(id: string | null): string | null {
  if (id === null) return null
  return id.length <= 6
    ? '*'.repeat(id.length)
    : `${id.slice(0, 4)}${'*'.repeat(id.length - 6)}${id.slice(-2)}`
}

/** Masks a phone number the same way: "0912345678" -> "0912****78". */
export const maskPhone = maskNationalId

/** A 12-digit run: a CCCD (national ID) wherever it sits in a text. */
const CCCD = /(?<!\d)\d{12}(?!\d)/g

/**
 * Masks every CCCD inside a text, such as a certificate subject that carries one as its
 * serialNumber, its UID ("UID=CCCD:001203004589") or within its CN: personal data is whole only
 * for the department.
 */
export const maskIds = <T extends string | null>(text: T): T =>
  (text === null ? null : text.replace(CCCD, (id) => maskNationalId(id)!)) as T

/** Whether a text carries a CCCD whole (so showing it to the department is a personal-data read). */
export const carriesId = (text: string | null) => text !== null && /(?<!\d)\d{12}(?!\d)/.test(text)

/** An attribute value that is an ID and nothing else: "036089001122", "CCCD:036089001122". */
const ID_ONLY = /^\s*(?:[\p{L}]+\s*[:\-]?\s*)?\d{12}\s*$/u

/**
 * A subject for the public: the name without any ID, not even masked. Attributes that hold only
 * an ID (serialNumber, UID) are left out, and an ID inside another value (a CN) is removed.
 */
export function withoutIds<T extends string | null>(dn: T): T {
  if (dn === null) return dn
  return dn
    .split(/(?<!\\),/)
    .filter((part) => !ID_ONLY.test(part.slice(part.indexOf('=') + 1)))
    .map((part) => part.replace(/\s*(?<!\d)\d{12}(?!\d)/g, ''))
    .join(',') as T
}
