/** @module scripts/chaos.test — the quick chaos profile, as a child process against the built relay: nothing lost, nothing twice, nothing out of order. */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '..')
/** The quick profile's own limit is 60 s; this only catches a run that ignores it. */
const TIMEOUT_MS = 90_000

function runChaos(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('scripts', 'chaos.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('chaos', () => {
  it('delivers every message once and in order across resets, blackholes, reloads and kill -9', { timeout: TIMEOUT_MS + 5_000 }, async () => {
    const { code, stdout, stderr } = await runChaos('--quick', '--seed', '7')
    const summary = /^chaos seed=7 .*\| sent (\d+) stored (\d+) shown (\d+) lost (\d+) duplicated (\d+) out-of-order (\d+) \|/m.exec(stdout)
    assert.ok(summary, `no summary line in:\n${stdout}\n${stderr}`)
    const [sent, stored, shown, lost, duplicated, outOfOrder] = summary.slice(1).map(Number)
    assert.ok(sent! > 0, 'the run sent nothing')
    assert.deepEqual({ lost, duplicated, outOfOrder }, { lost: 0, duplicated: 0, outOfOrder: 0 }, stderr)
    assert.deepEqual({ stored, shown }, { stored: sent, shown: sent }, stderr)
    assert.equal(code, 0, stderr)
  })

  it('refuses a bad flag with usage and exit code 2', async () => {
    const { code, stdout, stderr } = await runChaos('--visitors', 'many')
    assert.equal(code, 2)
    assert.equal(stdout, '')
    assert.match(stderr, /usage: /)
  })
})
