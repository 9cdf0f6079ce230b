/**
 * @module relay/cli-testing — `parley …` through the CLI's own entry (`main`, as bin/parley runs
 * it) in this process, with what it prints caught: CLI tests without a child process each.
 */
import { mock } from 'node:test'
import { main } from './cli.js'

export async function runParley(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = []
  const stderr: string[] = []
  const log = mock.method(console, 'log', (...parts: unknown[]) => void stdout.push(`${parts.join(' ')}\n`))
  const error = mock.method(console, 'error', (...parts: unknown[]) => void stderr.push(`${parts.join(' ')}\n`))
  try {
    const code = await main(args)
    return { code, stdout: stdout.join(''), stderr: stderr.join('') }
  } finally {
    log.mock.restore()
    error.mock.restore()
  }
}
