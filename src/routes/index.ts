import type { App } from '../env'
import { registerAgencies } from './agencies'
import { registerCertificates } from './certificates'
import { registerDevices } from './devices'
import { registerHolders } from './holders'

/** Every /api/v1 operation. */
export function registerApi(api: App) {
  registerAgencies(api)
  registerHolders(api)
  registerCertificates(api)
  registerDevices(api)
}
