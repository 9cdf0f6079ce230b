/**
 * @module scripts/bench — `npm run bench`: what the relay and the widget cost, measured on this
 * machine over loopback. Sections (`--only` picks some): the ceiling (a bare ws echo server),
 * the relay over WebSocket and over long-polling, scale (latency at 100 to 5,000 conversations,
 * memory per idle socket, cold start), history (resume and the agent page's queue) and the widget
 * (bytes, and time to launcher and first message in throttled Chromium). Servers run in child
 * processes; every section has a hard time limit. Prints a table and writes bench-results.json.
 */
import { ceiling } from './bench/ceiling.js'
import { USAGE, parseOptions, type BenchOptions, type SectionName } from './bench/options.js'
import { history } from './bench/history.js'
import { formatProfile, summarizeProfiles } from './bench/profile-summary.js'
import { formatTable, machineInfo, writeResults, type SectionRun } from './bench/report.js'
import { relayPoll } from './bench/relay-poll.js'
import { relayWs } from './bench/relay-ws.js'
import { scale } from './bench/scale.js'
import { store } from './bench/store.js'
import { runSection, type Section } from './bench/section.js'
import { widget } from './bench/widget.js'

const SECTIONS: Record<SectionName, Section> = {
  ceiling,
  ws: relayWs,
  poll: relayPoll,
  store,
  scale,
  history,
  widget,
}

async function main(options: BenchOptions): Promise<void> {
  const startedAt = new Date()
  const machine = machineInfo()
  console.error(`${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load average ${machine.loadAverageAtStart}, open files ${machine.openFileLimit}`)
  const runs = new Map<SectionName, SectionRun>()
  for (const name of options.sections) {
    const section = SECTIONS[name]
    console.error(`${name}: ${section.title}`)
    const run = await runSection(section, options, runs)
    runs.set(name, run)
    if (run.status !== 'ok') console.error(`  ${name}: ${run.status}: ${run.error}`)
  }
  const all = [...runs.values()]
  console.log(formatTable(all))
  for (const run of all) {
    if (run.error) console.log(`  ${run.section}: ${run.status}: ${run.error.slice(0, 400)}`)
    for (const note of run.notes) console.log(`  ${run.section}: ${note}`)
  }
  const windows = Object.assign({}, ...all.map((run) => run.profileWindows ?? {}))
  const profiles = options.profileDir ? summarizeProfiles(options.profileDir, windows) : []
  for (const profile of profiles) console.log(formatProfile(profile))
  writeResults(options.out, all, { sections: options.sections, quick: options.quick, sizes: options.sizes, profileDir: options.profileDir ?? null }, startedAt, machine, profiles)
  console.log(`wrote ${options.out}${options.profileDir ? `; relay CPU profiles in ${options.profileDir}` : ''}`)
  process.exitCode = all.some((run) => run.status !== 'ok') ? 1 : 0
}

let options: BenchOptions
try {
  options = parseOptions(process.argv.slice(2))
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`)
  process.exit(2)
}
// Ctrl-C: exit through process.exit, so the relay children are killed on the way out.
process.once('SIGINT', () => process.exit(130))
// Sockets a section could not close must not keep the bench alive once the table is out.
main(options).then(
  () => process.exit(),
  (err: unknown) => {
    console.error('bench:', err)
    process.exit(1)
  },
)
