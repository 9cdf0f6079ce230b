/**
 * @module scripts/bench/history — section 5: resume after 10,000 messages against after 100
 * (the replay is paged, so the cost should not grow with the history), and the agent page's
 * load with 1,000 chats waiting in the queue.
 */
import { measureQueueLoads } from './queue-load.js'
import { MISSED, measureResumes } from './resume.js'
import type { Section } from './section.js'
import { seedVisitors } from './seed.js'
import { stageRelay } from './stage.js'
import { round } from './stats.js'

export const HISTORY_LENGTHS = { short: 100, long: 10_000 } as const
export const WAITING_CHATS = 1_000
/** "Within noise": the long history's median resume no more than this much slower than the short one's. */
export const RESUME_NOISE = 0.2

export const history: Section = {
  name: 'history',
  title: `resume after ${HISTORY_LENGTHS.long.toLocaleString('en-US')} vs ${HISTORY_LENGTHS.short} messages, agent page with ${WAITING_CHATS.toLocaleString('en-US')} waiting`,
  limitMs: 60_000,
  async run(context) {
    const { options, progress } = context
    progress(`seeding ${HISTORY_LENGTHS.long.toLocaleString('en-US')} messages and ${WAITING_CHATS} waiting chats`)
    const stage = await stageRelay(context, {
      label: 'history',
      operators: 1,
      // Full with the two long-running chats, so the waiting ones stay waiting while the page loads.
      capacity: 2,
      seed: (db) => ({
        long: seedVisitors(db, { count: 1, conversation: 'open', messages: HISTORY_LENGTHS.long, prefix: 'long' })[0]!,
        short: seedVisitors(db, { count: 1, conversation: 'open', messages: HISTORY_LENGTHS.short, prefix: 'short' })[0]!,
        waiting: seedVisitors(db, { count: WAITING_CHATS, conversation: 'waiting', prefix: 'queued' }).length,
      }),
    })
    progress(`${options.sizes.repetitions} resumes of each, in turns`)
    const [long, short] = await measureResumes(stage.relay.wsUrl, [stage.seeded.long, stage.seeded.short], options.sizes.repetitions)
    progress(`${options.sizes.repetitions} agent page loads`)
    const queue = await measureQueueLoads(stage.relay.url, stage.db.operators[0]!, options.sizes.repetitions)

    const ratio = long!.helloToWelcomeMs.p50 / short!.helloToWelcomeMs.p50
    const notes = [`a resume replays the ${MISSED} messages after the hello's lastSeq; "within noise" is taken as a median no more than ${RESUME_NOISE * 100} % above the short history's`]
    if (queue.conversations < WAITING_CHATS) notes.push(`the agent welcome listed ${queue.conversations} conversations, fewer than the ${WAITING_CHATS} waiting`)
    return {
      rows: [
        { metric: `resume after ${HISTORY_LENGTHS.short} messages, hello→welcome p50`, value: round(short!.helloToWelcomeMs.p50), unit: 'ms' },
        { metric: `resume after ${HISTORY_LENGTHS.short} messages, p99`, value: round(short!.helloToWelcomeMs.p99), unit: 'ms' },
        {
          metric: `resume after ${HISTORY_LENGTHS.long.toLocaleString('en-US')} messages, hello→welcome p50`,
          value: round(long!.helloToWelcomeMs.p50),
          unit: 'ms',
          target: { text: `= after ${HISTORY_LENGTHS.short} within noise (${round(ratio)}×)`, met: ratio <= 1 + RESUME_NOISE },
        },
        { metric: `resume after ${HISTORY_LENGTHS.long.toLocaleString('en-US')} messages, p99`, value: round(long!.helloToWelcomeMs.p99), unit: 'ms' },
        { metric: `agent page load, ${WAITING_CHATS.toLocaleString('en-US')} waiting: /me + socket + welcome p50`, value: round(queue.loadMs.p50), unit: 'ms' },
        { metric: `agent page load, ${WAITING_CHATS.toLocaleString('en-US')} waiting, p99`, value: round(queue.loadMs.p99), unit: 'ms' },
        { metric: 'agent welcome size', value: round(queue.welcomeBytes / 1024), unit: 'KB' },
      ],
      details: { resume: { short, long, missed: MISSED, longOverShort: ratio }, queueLoad: queue, waitingChats: stage.seeded.waiting },
      notes,
    }
  },
}
