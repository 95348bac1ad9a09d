import type { Refusal } from './refusal'

export type HolderStatus = 'in_post' | 'transferred' | 'retired' | 'resigned' | 'deceased'
/** The statuses of a holder who has left the agencies of this registry. */
export const LEFT: readonly HolderStatus[] = ['transferred', 'retired', 'resigned', 'deceased']

/** A holder as the rules see it. */
export interface HolderState {
  id: string
  kind: 'person' | 'organisation'
  fullName: string
  status: HolderStatus
}

/** A holder who has left is given nothing new: no certificate, no device. */
export function holderRefusal(holder: HolderState, field = 'holderId'): Refusal | null {
  if (holder.status === 'in_post') return null
  return {
    status: 409,
    code: 'holder-left',
    field,
    params: { name: holder.fullName, status: holder.status },
  }
}

/** The holder kind a certificate kind needs: a person's, or an organisation's (seal, system). */
export const holderKindFor = {
  personal: 'person',
  organisation: 'organisation',
  device_service: 'organisation',
} as const

/** A certificate of `kind` for this holder: personal ones for persons, the others for organisations. */
export function holderKindRefusal(
  holder: HolderState,
  kind: keyof typeof holderKindFor
): Refusal | null {
  if (holder.kind === holderKindFor[kind]) return null
  return {
    status: 422,
    code: 'invalid-field',
    field: 'holderId',
    reason: 'holder-kind-mismatch',
    params: { kind, holderKind: holderKindFor[kind] },
  }
}

/**
 * What a departure means for the holder's certificates: a move to another post or agency is
 * affiliationChanged (3); retirement, resignation and death are cessationOfOperation (5).
 */
export const leaveReason = (status: HolderStatus): 3 | 5 => (status === 'transferred' ? 3 : 5)
