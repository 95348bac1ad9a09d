import { describe, expect, it } from 'vitest'
import { count } from '../../src/lib/metrics'

describe('Analytics Engine counters', () => {
  it('write one data point per count, and do nothing (never fail) without the binding', () => {
    const points: unknown[] = []
    const METRICS = {
      writeDataPoint: (p: unknown) => void points.push(p),
    } as unknown as AnalyticsEngineDataset
    count({ METRICS }, 'status.lookup', 1, 'revoked')
    count({ METRICS }, 'import.rows', 970)
    expect(points).toEqual([
      { indexes: ['status.lookup'], blobs: ['status.lookup', 'revoked'], doubles: [1] },
      { indexes: ['import.rows'], blobs: ['import.rows', ''], doubles: [970] },
    ])
    expect(() => count({}, 'error')).not.toThrow()
    const broken = {
      writeDataPoint: () => {
        throw new Error('down')
      },
    } as unknown as AnalyticsEngineDataset
    expect(() => count({ METRICS: broken }, 'error')).not.toThrow()
  })
})
