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
