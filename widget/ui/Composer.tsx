/** @module widget/ui/Composer — where the visitor writes. Enter sends, Shift+Enter starts a new line. */
import type { Ref } from 'preact'
import { useRef, useState } from 'preact/hooks'
import { MAX_TEXT_LENGTH } from '../../protocol/limits.js'
import { STRINGS } from './strings.js'

/** "Typing" goes out when writing starts, at most this often while it goes on, and stops after the same idle time. */
const TYPING_EVERY_MS = 3_000

interface Props {
  onSend(text: string): boolean
  onTyping(on: boolean): void
  inputRef: Ref<HTMLTextAreaElement>
}

export function Composer({ onSend, onTyping, inputRef }: Props) {
  const [text, setText] = useState('')
  const typing = useRef<{ sentAt: number; idle?: ReturnType<typeof setTimeout> }>({ sentAt: 0 })

  function stopTyping(): void {
    clearTimeout(typing.current.idle)
    if (typing.current.sentAt === 0) return
    typing.current.sentAt = 0
    onTyping(false)
  }

  function noteTyping(): void {
    const now = Date.now()
    if (now - typing.current.sentAt > TYPING_EVERY_MS) {
      typing.current.sentAt = now
      onTyping(true)
    }
    clearTimeout(typing.current.idle)
    typing.current.idle = setTimeout(stopTyping, TYPING_EVERY_MS)
  }

  function submit(event?: Event): void {
    event?.preventDefault()
    if (!text.trim() || !onSend(text)) return
    setText('')
    stopTyping()
  }

  return (
    <form class="composer" part="composer" onSubmit={submit}>
      <textarea
        ref={inputRef}
        rows={1}
        value={text}
        maxLength={MAX_TEXT_LENGTH}
        placeholder={STRINGS.placeholder}
        aria-label={STRINGS.composerLabel}
        onInput={(e) => {
          setText(e.currentTarget.value)
          noteTyping()
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e)
        }}
      />
      <button type="submit">{STRINGS.send}</button>
    </form>
  )
}
