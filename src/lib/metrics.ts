/** What the registry counts in Workers Analytics Engine (dataset cert_registry). */
export type MetricEvent =
  | 'status.lookup'
  | 'document.verify'
  | 'notice.created'
  | 'notice.sent'
  | 'notice.failed'
  | 'import.rows'
  | 'auth.failed'
  | 'error'

/**
 * Adds `n` to a counter: one Analytics Engine data point (blob 1 = the event, blob 2 = a detail
 * such as the status answer, double 1 = n). Never blocks or fails a request: without the binding
 * (tests) it does nothing, and locally the binding itself is a no-op.
 */
export function count(
  env: { METRICS?: AnalyticsEngineDataset },
  event: MetricEvent,
  n = 1,
  detail = ''
) {
  try {
    env.METRICS?.writeDataPoint({ indexes: [event], blobs: [event, detail], doubles: [n] })
  } catch {
    // Metrics are best effort.
  }
}
