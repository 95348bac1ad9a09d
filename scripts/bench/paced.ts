// An open-loop load at a steady rate, for the latency a user sees below saturation.
//
// autocannon's overallRate paces each connection on its own timer, so its connections fire
// together in bursts and queue behind one another; and a connection waits for its answer
// before its next request, so a stall delays later requests without counting them (coordinated
// omission). Here each request is sent at its scheduled moment, answered or not, and its latency
// counts from that moment, as wrk2 measures it.
import { Agent, request } from 'node:http'

export interface Paced {
  p50: number
  p99: number
  max: number
  samples: number
  errors: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Latency percentile (nearest rank) of sorted samples. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]

export async function paced(
  base: string,
  options: { rate: number; seconds: number; path: () => string; headers: Record<string, string> }
): Promise<Paced> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const interval = 1000 / options.rate
  const total = Math.round(options.rate * options.seconds)
  const latencies: number[] = []
  let errors = 0
  const inFlight: Promise<void>[] = []
  const start = performance.now() + interval
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval
    const wait = scheduled - performance.now()
    if (wait > 0) await sleep(wait)
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request(
          new URL(options.path(), base),
          { agent, headers: options.headers },
          (res) => {
            res.resume()
            res.on('end', () => {
              if (res.statusCode !== 200) errors++
              latencies.push(performance.now() - scheduled)
              resolve()
            })
          }
        )
        req.on('error', () => {
          errors++
          resolve()
        })
        req.end()
      })
    )
  }
  await Promise.all(inFlight)
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const round = (ms: number) => Math.round(ms * 10) / 10
  return {
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies[latencies.length - 1]),
    samples: latencies.length,
    errors,
  }
}
