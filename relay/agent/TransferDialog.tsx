/** @module relay/agent/TransferDialog — hands a chat to a colleague or a department with a note; shows the relay's refusal in place. */
import { useEffect, useId, useState } from 'preact/hooks'
import { MAX_NOTE_LENGTH, SKILL_PATTERN, type AgentPresence, type ConversationSummary } from '../../protocol/index.js'
import type { TransferRequest } from './console-state.js'
import { presenceLabel, visitorLabel } from './labels.js'
import { Modal } from './Modal.js'
import type { TransferTarget } from './use-console.js'

interface TransferProps {
  conversation: ConversationSummary
  agents: readonly AgentPresence[]
  me: string
  request: TransferRequest | null
  /** False when nothing could be sent (the link is down). */
  onTransfer(target: TransferTarget, note: string): boolean
  onClose(): void
}

const DEPARTMENT = 'department'

const canTake = (agent: AgentPresence) => agent.status === 'online' && agent.active < agent.capacity

export function TransferDialog({ conversation, agents, me, request, onTransfer, onClose }: TransferProps) {
  const ids = useId()
  const [choice, setChoice] = useState('')
  const [department, setDepartment] = useState('')
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState('')
  // Whoever has the chat now cannot receive it (the relay refuses "same agent").
  const holder = conversation.agent?.id ?? me
  const colleagues = agents.filter((a) => a.id !== me && a.id !== holder)
  const skills = [...new Set(agents.flatMap((a) => a.skills))].sort()
  const mine = request?.conv === conversation.id ? request : null
  const sending = mine !== null && !mine.done && mine.error === null

  useEffect(() => {
    if (mine?.done) onClose()
  }, [mine?.done])

  function submit(event: Event): void {
    event.preventDefault()
    const text = note.trim()
    let target: TransferTarget
    if (choice === DEPARTMENT) {
      const name = department.trim()
      if (!SKILL_PATTERN.test(name)) return setProblem('Name a department: letters, digits, dashes or underscores, at most 32.')
      target = { department: name }
    } else if (choice) target = { agent: choice }
    else return setProblem('Choose an operator or a department.')
    if (!text) return setProblem('Write a note for the next operator.')
    setProblem(onTransfer(target, text) ? '' : 'Not connected to the relay. Try again when the link is back.')
  }

  const error = problem || mine?.error
  return (
    <Modal label="Transfer chat" onClose={onClose}>
      <form class="transfer" onSubmit={submit}>
        <p class="dialog-lead">Hand the chat with {visitorLabel(conversation)} to:</p>
        <fieldset>
          <legend>An operator</legend>
          {colleagues.length === 0 && <p class="none">No other operators.</p>}
          {colleagues.map((agent) => (
            <label key={agent.id} class="choice" data-disabled={!canTake(agent)}>
              <input
                type="radio"
                name={`${ids}-target`}
                value={agent.id}
                checked={choice === agent.id}
                disabled={!canTake(agent)}
                onChange={() => setChoice(agent.id)}
              />
              <span>
                {agent.name} <span class="presence-note">({presenceLabel(agent)})</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Or a department</legend>
          <label class="choice">
            <input type="radio" name={`${ids}-target`} value={DEPARTMENT} checked={choice === DEPARTMENT} onChange={() => setChoice(DEPARTMENT)} />
            <span>A department</span>
          </label>
          <label class="field">
            <span>Department</span>
            <input
              list={`${ids}-skills`}
              value={department}
              maxLength={32}
              autocomplete="off"
              onInput={(e) => {
                setDepartment(e.currentTarget.value)
                setChoice(DEPARTMENT)
              }}
            />
          </label>
          <datalist id={`${ids}-skills`}>
            {skills.map((skill) => (
              <option key={skill} value={skill} />
            ))}
          </datalist>
        </fieldset>
        <label class="field">
          <span>Note for the next operator</span>
          <textarea rows={3} required maxLength={MAX_NOTE_LENGTH} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="submit" class="primary" disabled={sending}>
            {sending ? 'Transferring…' : 'Transfer'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  )
}
