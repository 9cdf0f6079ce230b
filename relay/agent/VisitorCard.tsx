/** @module relay/agent/VisitorCard — the right column: who the visitor is, what the site told us, where they are, how they rated this chat, and their earlier conversations. */
import { useId } from 'preact/hooks'
import type { ConversationBrief, ConversationSummary, VisitorCard as Card } from '../../protocol/index.js'
import { dateTime, isWebUrl } from './labels.js'

function Identity({ visitor }: { visitor: Card }) {
  const { name, email, id, verified } = visitor.identity
  const rows: [string, string | undefined][] = [
    ['Name', name],
    ['Email', email],
    ['ID', id],
  ]
  const known = rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
  return (
    <section class="card-section">
      <p>
        <span class={verified ? 'badge verified' : 'badge unverified'}>{verified ? 'Verified' : 'Unverified'}</span>
      </p>
      {known.length === 0 ? (
        <p class="anonymous">Anonymous</p>
      ) : (
        <dl>
          {known.map(([label, value]) => (
            <div key={label} class="row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
}

function Context({ visitor }: { visitor: Card }) {
  const entries = Object.entries(visitor.context)
  return (
    <section class="card-section">
      <h3>Context</h3>
      {entries.length === 0 ? (
        <p class="none">None</p>
      ) : (
        <dl>
          {entries.map(([key, value]) => (
            <div key={key} class="row">
              <dt>{key}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
}

function CurrentPage({ visitor }: { visitor: Card }) {
  const page = visitor.page
  return (
    <section class="card-section">
      <h3>Page</h3>
      {!page ? (
        <p class="none">Unknown</p>
      ) : (
        <>
          {page.title && <p class="page-title">{page.title}</p>}
          <p class="page-url">
            {isWebUrl(page.url) ? (
              <a href={page.url} target="_blank" rel="noopener noreferrer">
                {page.url}
              </a>
            ) : (
              page.url
            )}
          </p>
        </>
      )}
    </section>
  )
}

function Contact({ email }: { email: string }) {
  return (
    <section class="card-section">
      <h3>Email left</h3>
      <p>{email}</p>
    </section>
  )
}

function RatingOf({ conversation }: { conversation: ConversationSummary }) {
  const rating = conversation.rating
  if (!rating) return null
  return (
    <section class="card-section rating">
      <h3>Rating</h3>
      <p class="score">Rated {rating.score}/5</p>
      {rating.comment && <p class="comment">{rating.comment}</p>}
    </section>
  )
}

function Earlier({ earlier, onOpen }: { earlier: readonly ConversationBrief[]; onOpen(conv: string): void }) {
  return (
    <section class="card-section">
      <h3>Earlier conversations</h3>
      {earlier.length === 0 ? (
        <p class="none">None</p>
      ) : (
        <ul class="earlier">
          {earlier.map((brief) => (
            <li key={brief.id}>
              <button type="button" class="earlier-item" onClick={() => onOpen(brief.id)}>
                <span class="earlier-meta">
                  <time dateTime={new Date(brief.createdAt).toISOString()}>{dateTime(brief.createdAt)}</time>
                  {' · '}
                  {brief.messages === 1 ? '1 message' : `${brief.messages} messages`}
                  {brief.status !== 'closed' && ` · ${brief.status}`}
                </span>
                <span class="earlier-text">{brief.lastText || '(no messages)'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

interface VisitorCardProps {
  visitor: Card | null
  conversation: ConversationSummary | undefined
  earlier: readonly ConversationBrief[]
  opened: boolean
  onOpenEarlier(conv: string): void
}

export function VisitorCard({ visitor, conversation, earlier, opened, onOpenEarlier }: VisitorCardProps) {
  const heading = useId()
  return (
    <aside class="visitor" aria-labelledby={heading}>
      <h2 id={heading}>Visitor</h2>
      {!visitor ? (
        <p class="none">{opened ? 'Loading…' : 'No conversation open.'}</p>
      ) : (
        <>
          <p class={visitor.online ? 'presence online' : 'presence offline'}>{visitor.online ? 'Online' : 'Offline'}</p>
          <Identity visitor={visitor} />
          {conversation?.contact && <Contact email={conversation.contact} />}
          {conversation && <RatingOf conversation={conversation} />}
          <Context visitor={visitor} />
          <CurrentPage visitor={visitor} />
          <Earlier earlier={earlier} onOpen={onOpenEarlier} />
        </>
      )}
    </aside>
  )
}
