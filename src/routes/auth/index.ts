import type { App } from '../../env'
import { registerAccessSignIn } from './access'
import { registerCurrentSession } from './current'
import { registerSignIn } from './sign-in'
import { registerSignOut } from './sign-out'

export function registerAuth(api: App) {
  registerSignIn(api)
  registerAccessSignIn(api)
  registerCurrentSession(api)
  registerSignOut(api)
}
