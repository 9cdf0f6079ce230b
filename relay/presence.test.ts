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

  it('gives no new chats to an operator in their grace period, and says so again when a tab is back', () => {
    const changes: string[] = []
    const presence = createPresence({ graceMs: 10_000, onChange: (id) => changes.push(id), onOffline: () => {} })
    presence.connected('alice')
    assert.equal(presence.takesChats('alice'), true)
    presence.disconnected('alice')
    assert.equal(presence.status('alice'), 'online') // keeps their chats
    assert.equal(presence.takesChats('alice'), false) // but nobody would see a new one
    presence.connected('alice')
    assert.equal(presence.takesChats('alice'), true)
    assert.deepEqual(changes, ['alice', 'alice']) // routing runs again when the tab is back
    presence.setStatus('alice', 'away')
    assert.equal(presence.takesChats('alice'), false)
    presence.close()
  })
})
