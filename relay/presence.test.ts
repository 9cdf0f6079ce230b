import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createPresence } from './presence.js'

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20))
}

describe('presence', () => {
  it('keeps an operator online across a reload within the grace period', async () => {
    const offline: string[] = []
    const presence = createPresence({ graceMs: 200, onChange: () => {}, onOffline: (id) => offline.push(id) })
    presence.connected('alice')
    presence.disconnected('alice')
    assert.equal(presence.status('alice'), 'online')
    presence.connected('alice') // the reloaded tab is back
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.deepEqual(offline, [])
    presence.close()
  })

  it('turns an operator offline once the grace period after their last tab has passed', async () => {
    const offline: string[] = []
    const presence = createPresence({ graceMs: 100, onChange: () => {}, onOffline: (id) => offline.push(id) })
    presence.connected('alice')
    presence.connected('alice') // two tabs
    presence.disconnected('alice')
    presence.setStatus('alice', 'away')
    presence.disconnected('alice')
    assert.equal(presence.status('alice'), 'away')
    await until(() => offline.length > 0)
    assert.deepEqual(offline, ['alice'])
    assert.equal(presence.status('alice'), 'offline')
    presence.connected('alice')
    assert.equal(presence.status('alice'), 'online') // "away" was for that session
    presence.close()
  })
})
