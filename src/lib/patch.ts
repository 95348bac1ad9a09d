/**
 * Applies a PATCH body to a record: fields left out stay, fields sent (null included) replace.
 * The version and update time move on.
 */
export function applyPatch<T extends { version: number; updatedAt: string }>(
  record: T,
  patch: Partial<T>,
  now: Date
): T {
  const sent = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
  return { ...record, ...sent, version: record.version + 1, updatedAt: now.toISOString() }
}
