import { env, SELF } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { configProblems } from '../../src/lib/config'

describe('configuration checked at the first request', () => {
  it('accepts the test configuration', () => {
    expect(configProblems(env)).toEqual([])
  })

  it('names each missing binding or malformed variable, never its value', () => {
    const wrong = {
      ...env,
      DB: undefined,
      REMINDER_DAYS: 'soon',
      WEBHOOK_SIGNING_KEY: 'short',
      ACCESS_AUD: 'x',
      ACCESS_TEAM_DOMAIN: '',
    } as unknown as Env
    expect(configProblems(wrong).sort()).toEqual([
      'ACCESS_AUD',
      'DB',
      'REMINDER_DAYS',
      'WEBHOOK_SIGNING_KEY',
    ])
  })
})

describe('request logs', () => {
  afterEach(() => vi.restoreAllMocks())
  it('write one JSON line per request with the route pattern, status, duration and principal, not the values', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)))
    await SELF.fetch('http://x/api/v1/status/00120300458912?issuer=CN%3DX', {
      headers: { 'x-request-id': 'req-log-1' },
    })
    const entry = JSON.parse(lines.find((l) => l.includes('req-log-1'))!)
    expect(entry).toMatchObject({
      message: 'request',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientRequestId: 'req-log-1',
      method: 'GET',
      route: '/api/v1/status/:serial',
      status: 200,
      principal: 'public',
    })
    expect(typeof entry.ms).toBe('number')
    expect(lines.join('\n')).not.toContain('00120300458912')
  })
})
