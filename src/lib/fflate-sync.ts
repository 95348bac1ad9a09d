/**
 * fflate as the Worker bundle sees it (wrangler's alias and the test config map "fflate" here):
 * its asynchronous zip() and unzip() hand large files to Web Workers, which workerd does not
 * have, so the spreadsheet libraries' calls run the synchronous versions instead, answering
 * through the same callback. Everything else is fflate's own (imported by path, so the alias
 * does not catch it).
 */
import {
  unzipSync,
  zipSync,
  type AsyncUnzipOptions,
  type AsyncZipOptions,
  type AsyncZippable,
  type FlateError,
  type UnzipCallback,
  type Unzipped,
  type FlateCallback,
} from '../../node_modules/fflate/esm/browser.js'

export * from '../../node_modules/fflate/esm/browser.js'

type Options<T> = T | ((err: FlateError | null, data: never) => void)

/** Answers a callback on a later turn, as the asynchronous API does. */
function later<T>(work: () => T, cb: (err: FlateError | null, data: T) => void) {
  queueMicrotask(() => {
    let out: T
    try {
      out = work()
    } catch (e) {
      cb(e as FlateError, null as never)
      return
    }
    cb(null, out)
  })
  return () => {}
}

export function zip(data: AsyncZippable, opts: Options<AsyncZipOptions>, cb?: FlateCallback) {
  const done = (cb ?? opts) as FlateCallback
  const options = (cb ? opts : {}) as AsyncZipOptions
  return later(() => zipSync(data as never, options), done)
}

export function unzip(data: Uint8Array, opts: Options<AsyncUnzipOptions>, cb?: UnzipCallback) {
  const done = (cb ?? opts) as UnzipCallback
  const options = (cb ? opts : {}) as AsyncUnzipOptions
  return later((): Unzipped => unzipSync(data, options), done)
}
