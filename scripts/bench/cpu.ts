/**
 * @module scripts/bench/cpu — how busy each process was over a measured span, in % of one core:
 * tells a relay that is out of CPU from one that waits (on fsync, say) and shows when the load
 * generator itself is the limit. Children are read from /proc (Linux); elsewhere they read n/a.
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

/** Linux reports utime and stime in clock ticks: 100 per second on every common configuration. */
const TICKS_PER_SECOND = 100

function cpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces, so cut at its closing parenthesis).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000
  } catch {
    return undefined
  }
}

export interface CpuSpan {
  /** % of one core used since the span began, per name; NaN when it could not be read. */
  end(): Record<string, number>
}

/** `children`: name → pid. The bench's own process is always included as `loadGenerator`. */
export function startCpuSpan(children: Record<string, number>): CpuSpan {
  const started = performance.now()
  const self = process.cpuUsage()
  const before = Object.fromEntries(Object.entries(children).map(([name, pid]) => [name, cpuMs(pid)]))
  return {
    end() {
      const wallMs = performance.now() - started
      const own = process.cpuUsage(self)
      const percent = (ms: number | undefined) => (ms === undefined ? Number.NaN : Math.round((ms / wallMs) * 100))
      const usage: Record<string, number> = { loadGenerator: percent((own.user + own.system) / 1000) }
      for (const [name, pid] of Object.entries(children)) {
        const now = cpuMs(pid)
        usage[name] = percent(now === undefined || before[name] === undefined ? undefined : now - before[name]!)
      }
      return usage
    },
  }
}
