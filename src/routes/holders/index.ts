import type { App } from '../../env'
import { registerCreateHolder } from './create'
import { registerGetHolder } from './get'
import { registerLeave } from './leave'
import { registerMove } from './move'
import { registerListHolders } from './list'
import { registerUpdateHolder } from './update'

export function registerHolders(api: App) {
  registerListHolders(api)
  registerCreateHolder(api)
  registerGetHolder(api)
  registerUpdateHolder(api)
  registerLeave(api)
  registerMove(api)
}
