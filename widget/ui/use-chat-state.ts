/** @module widget/ui/use-chat-state — subscribes a component to the chat client's state. */
import { useEffect, useState } from 'preact/hooks'
import type { ChatClient, ChatState } from '../chat-client.js'

export function useChatState(client: ChatClient): ChatState {
  const [state, setState] = useState(client.getState())
  useEffect(() => {
    setState(client.getState())
    return client.subscribe(() => setState(client.getState()))
  }, [client])
  return state
}
