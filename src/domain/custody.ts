import type { Refusal } from './refusal'

export type DeviceStatus = 'in_stock' | 'assigned' | 'lost' | 'damaged' | 'retired'

/** A device as the custody rules see it. */
export interface DeviceState {
  serial: string
  status: DeviceStatus
  holderId: string | null
}

/** An active certificate on a device, as the rules about whose keys a device carries need it. */
export interface CarriedCertificate {
  id: string
  serial: string
  kind: string
  holderId: string
  holderName: string
}

/**
 * Status changes an admin may make by editing a device. Hand-over, return and loss have their
 * own operations (they write the custody ledger), so 'assigned' and 'lost' are not reachable
 * here; a lost device that turns up goes back to stock, a retired one never comes back.
 */
const editable: Record<DeviceStatus, readonly DeviceStatus[]> = {
  in_stock: ['damaged', 'retired'],
  damaged: ['in_stock', 'retired'],
  lost: ['in_stock', 'retired'],
  assigned: [],
  retired: [],
}

/** A status edit that is not in the table above. */
export function statusChangeRefusal(from: DeviceStatus, to: DeviceStatus): Refusal | null {
  if (from === to || editable[from].includes(to)) return null
  const hint =
    from === 'assigned'
      ? 'return-first'
      : to === 'assigned' || to === 'lost'
        ? 'use-operation'
        : 'none'
  return { status: 409, code: 'device-status-change', field: 'status', params: { from, to, hint } }
}

const unavailable = (device: DeviceState, field?: string): Refusal => ({
  status: 409,
  code: 'device-not-available',
  params: { serial: device.serial, status: device.status },
  field,
})

/**
 * Personal certificates on the device that belong to someone other than `holderId`: a device
 * carries one holder's keys. Organisation and device/service certificates (the agency's seal on
 * the clerk's token) belong to no person and never stand in the way.
 */
export const othersOnDevice = (carried: readonly CarriedCertificate[], holderId: string) =>
  carried.filter((c) => c.kind === 'personal' && c.holderId !== holderId)

const carriesOthers = (device: DeviceState, others: readonly CarriedCertificate[]): Refusal => ({
  status: 409,
  code: 'device-carries-other',
  params: {
    serial: device.serial,
    certificates: others.map((c) => `${c.serial} (${c.holderName})`).join(', '),
  },
})

/**
 * A hand-over: only from stock, and never while the device still carries an active personal
 * certificate of someone other than the new holder (revoke those first, or hand it to its owner).
 */
export function handoverRefusal(
  device: DeviceState,
  carried: readonly CarriedCertificate[],
  holderId: string
): Refusal | null {
  if (device.status !== 'in_stock')
    return device.status === 'assigned'
      ? {
          status: 409,
          code: 'device-not-available',
          text: 'device-held',
          params: { serial: device.serial },
        }
      : unavailable(device)
  const others = othersOnDevice(carried, holderId)
  return others.length ? { ...carriesOthers(device, others), field: 'holderId' } : null
}

/** Only a device with a holder can be returned. */
export function returnRefusal(device: DeviceState): Refusal | null {
  if (device.status === 'assigned') return null
  return {
    status: 409,
    code: 'device-not-assigned',
    params: { serial: device.serial, status: device.status },
  }
}

/** A device already lost or retired cannot be reported lost. */
export function lossRefusal(device: DeviceState): Refusal | null {
  return device.status === 'lost' || device.status === 'retired' ? unavailable(device) : null
}

/**
 * Putting a certificate on a device: a lost, damaged or retired device carries no new
 * certificate; a personal certificate goes only on a device that its own holder holds (or one in
 * stock), and never beside another person's active personal certificate.
 */
export function placementRefusal(
  device: DeviceState,
  cert: { kind: string; holderId: string },
  carried: readonly CarriedCertificate[],
  field = 'deviceId'
): Refusal | null {
  if (device.status !== 'in_stock' && device.status !== 'assigned')
    return unavailable(device, field)
  if (cert.kind !== 'personal') return null
  if (device.holderId !== null && device.holderId !== cert.holderId)
    return { status: 409, code: 'device-held-by-other', field, params: { serial: device.serial } }
  const others = othersOnDevice(carried, cert.holderId)
  return others.length ? { ...carriesOthers(device, others), field } : null
}

/**
 * The certificates a hand-over (or return) record lists: of those on the device, the ones valid
 * at the record's moment. A reprint years later lists what was handed over, not a renewal issued
 * since, and still lists a certificate revoked after the hand-over.
 */
export const onDeviceAt = <
  C extends { notBefore: string; notAfter: string; revokedAt: string | null },
>(
  certificates: readonly C[],
  at: string
) =>
  certificates.filter(
    (c) => c.notBefore <= at && c.notAfter > at && (c.revokedAt === null || c.revokedAt > at)
  )
