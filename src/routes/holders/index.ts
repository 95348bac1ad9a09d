import type { App } from '../../env'
import { registerCreateHolder } from './create'
import { registerGetHolder } from './get'
import { registerListHolders } from './list'
import { registerUpdateHolder } from './update'

export function registerHolders(api: App) {
  registerListHolders(api)
  registerCreateHolder(api)
  registerGetHolder(api)
  registerUpdateHolder(api)
}
