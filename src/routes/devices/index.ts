import type { App } from '../../env'
import { registerAssignDevice } from './assign'
import { registerCreateDevice } from './create'
import { registerGetDevice } from './get'
import { registerListDevices } from './list'
import { registerReportLost } from './report-lost'
import { registerReturnDevice } from './return'
import { registerUpdateDevice } from './update'

export function registerDevices(api: App) {
  registerListDevices(api)
  registerCreateDevice(api)
  registerGetDevice(api)
  registerUpdateDevice(api)
  registerAssignDevice(api)
  registerReturnDevice(api)
  registerReportLost(api)
}
