import type { App } from '../../env'
import { registerListKeys } from './list'
import { registerCreateKey } from './create'
import { registerRevokeKey } from './revoke'

export function registerKeys(api: App) {
  registerListKeys(api)
  registerCreateKey(api)
  registerRevokeKey(api)
}
