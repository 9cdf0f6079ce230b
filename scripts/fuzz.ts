/**
 * @module scripts/fuzz — `npm run fuzz`: a seeded, bounded protocol fuzz run against a relay in
 * this process. Random and mutated frames go down the visitor and operator WebSockets and through
 * long-polling while a well-behaved visitor chats alongside. The relay must never throw, must
 * answer every bad frame with an error code (or a documented close), must store nothing from a
 * refused frame, and must lose none of the good visitor's messages. Prints one line of counts;
 * exits 0 when every check holds, 1 otherwise.
 */
import { USAGE, parseOptions } from './fuzz/options.js'
import { runFuzz, summaryLine } from './fuzz/run.js'

async function main(): Promise<number> {
  let options
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (err) {
    console.error(`fuzz: ${(err as Error).message}\n${USAGE}`)
    return 2
  }
  // The safety net: whatever hangs, the run ends.
  const limit = setTimeout(() => {
    console.error(`fuzz: could not finish within ${options.durationLimitS} s`)
    process.exit(1)
  }, options.durationLimitS * 1000)
  limit.unref()
  try {
    const report = await runFuzz(options)
    console.log(summaryLine(report))
    if (report.failureCount === 0) return 0
    console.error(`fuzz: FAILED (seed ${options.seed}); first ${report.failures.length} of ${report.failureCount} problems:`)
    for (const line of report.failures) console.error(`  ${line}`)
    return 1
  } catch (err) {
    console.error(`fuzz: could not finish: ${(err as Error).stack}`)
    return 1
  }
}

process.exit(await main())
