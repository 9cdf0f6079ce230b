/**
 * @module protocol/rest — the JSON the relay's HTTP API answers with (login, canned answers,
 * ratings). Errors are always `{ error: { code, message } }` with a code from codes.ts.
 */
import type { ErrorCode } from './codes.js'

export interface ErrorBody {
  error: { code: ErrorCode; message: string }
}

/** GET /agent/api/me */
export interface AgentProfile {
  id: string
  name: string
  role: 'agent' | 'supervisor'
  skills: string[]
  capacity: number
}

/** GET/POST/PUT /agent/api/canned */
export interface CannedAnswer {
  id: number
  shortcut: string
  text: string
}

/** GET /agent/api/ratings: per operator who handled rated conversations, and the last comments. */
export interface OperatorRatings {
  agentId: string
  name: string
  count: number
  average: number
}
export interface RecentComment {
  conversationId: string
  score: number
  comment: string
  agents: string[]
  createdAt: number
}
export interface RatingsReport {
  operators: OperatorRatings[]
  comments: RecentComment[]
}
