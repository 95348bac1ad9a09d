import type { App } from '../../env'
import { registerListUsers } from './list'
import { registerCreateUser } from './create'
import { registerDisableUser } from './disable'

export function registerUsers(api: App) {
  registerListUsers(api)
  registerCreateUser(api)
  registerDisableUser(api)
}
