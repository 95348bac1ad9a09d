import { Problem } from '../lib/problem'

export type DeviceStatus = 'in_stock' | 'assigned' | 'lost' | 'damaged' | 'retired'

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

/** Refuses a status edit that is not in the table above. */
export function assertStatusChange(from: DeviceStatus, to: DeviceStatus): void {
  if (from === to || editable[from].includes(to)) return
  const hint =
    from === 'assigned'
      ? ' Return it first, or report it lost.'
      : to === 'assigned' || to === 'lost'
        ? ' Use the assign or report-lost operation.'
        : ''
  throw new Problem(
    409,
    'device-status-change',
    `A device cannot go from ${from} to ${to}.${hint}`,
    [{ path: 'status', message: `not reachable from ${from}` }]
  )
}

/** A device can be handed over only from stock: not while held, nor when lost, damaged or retired. */
export function assertAssignable(status: DeviceStatus, serial: string): void {
  if (status === 'in_stock') return
  const why =
    status === 'assigned' ? 'it already has a holder; record its return first' : `it is ${status}`
  throw new Problem(409, 'device-not-available', `Device ${serial} cannot be assigned: ${why}.`)
}

/** Only a device with a holder can be returned. */
export function assertReturnable(status: DeviceStatus, serial: string): void {
  if (status === 'assigned') return
  throw new Problem(
    409,
    'device-not-assigned',
    `Device ${serial} has no holder to return it from (it is ${status}).`
  )
}

/** A device already lost or retired cannot be reported lost. */
export function assertLosable(status: DeviceStatus, serial: string): void {
  if (status !== 'lost' && status !== 'retired') return
  throw new Problem(409, 'device-not-available', `Device ${serial} is already ${status}.`)
}

/** A lost or retired device carries no further certificates. */
export function assertCanCarry(
  device: { status: DeviceStatus; serial: string },
  field = 'deviceId'
): void {
  if (device.status !== 'lost' && device.status !== 'retired') return
  throw new Problem(
    409,
    'device-not-available',
    `Device ${device.serial} is ${device.status} and cannot carry a certificate.`,
    [{ path: field, message: `device is ${device.status}` }]
  )
}
