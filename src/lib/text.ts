/**
 * Folds Vietnamese text for search and sort: NFD, drop combining marks, đ/Đ -> d, lower case,
 * single spaces. "Nguyễn Văn Đức" and "nguyen van duc" fold to the same key. (SQLite's unicode61
 * tokenizer removes diacritics but does not map đ to d, so folding happens here, once.)
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * What the certificate search index holds for a certificate: the folded holder name and subject,
 * and the serial in lower case (the index folds nothing itself). Written on insert and import;
 * a holder's rename rewrites it in SQL with the same shape (renameHolderInCertificates).
 */
export const searchText = (nameKey: string, subjectKey: string, serial: string) =>
  `${nameKey} ${subjectKey} ${serial.toLowerCase()}`

/**
 * An FTS5 MATCH expression for a user's query: each folded word becomes a quoted prefix term,
 * all of which must match. Quoting keeps FTS operators in user input from being interpreted.
 * Returns null when the query has no searchable word.
 */
export function ftsQuery(query: string): string | null {
  const words = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8)
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null
}
