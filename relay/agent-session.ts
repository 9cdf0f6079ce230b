/** @module relay/agent-session — the protocol state of one operator connection (already authenticated at upgrade). */
import type { AgentFrame } from '../protocol/index.js'
import type { Chat } from './chat.js'
import { RelayError } from './errors.js'
import type { Handling } from './handling.js'
import type { AgentPeer, Hub } from './hub.js'
import type { Presence } from './presence.js'
import type { Agent } from './store/index.js'
import type { Views } from './views.js'

export interface AgentSessionParts {
  chat: Chat
  handling: Handling
  hub: Hub
  presence: Presence
  views: Views
}

export function createAgentSession({ chat, handling, hub, presence, views }: AgentSessionParts, agent: Agent, peer: AgentPeer) {
  let ready = false

  return {
    receive(frame: AgentFrame): void | Promise<void> {
      if (frame.type === 'ping') return peer.send({ type: 'pong' })
      if (frame.type === 'hello') {
        if (ready) throw new RelayError('bad_frame', 'hello was already answered on this connection')
        ready = true
        peer.send(chat.welcomeAgent(agent))
        hub.addAgent(peer)
        presence.connected(agent.id)
        peer.send({ type: 'agents', agents: views.teamFor(agent) })
        return
      }
      if (!ready) throw new RelayError('not_ready', `send hello before "${frame.type}"`, frame.type === 'msg' ? frame.cid : undefined)
      switch (frame.type) {
        case 'open':
          return peer.send(chat.openForAgent(frame, peer))
        case 'msg':
          return chat.agentSend(agent, frame, peer)
        case 'sync':
          return peer.send(chat.sync(frame, { agent }))
        case 'status':
          return presence.setStatus(agent.id, frame.status)
        case 'take':
          return handling.take(agent, frame)
        case 'transfer':
          return handling.transfer(agent, frame)
        case 'close':
          return handling.closeByAgent(agent, frame)
        case 'typing':
          return handling.agentTyping(agent, frame)
        case 'seen':
          return handling.seen(agent, frame)
      }
    },
    close(): void {
      hub.removeAgent(peer)
      if (ready) presence.disconnected(agent.id)
    },
  }
}
