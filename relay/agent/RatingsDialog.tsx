/** @module relay/agent/RatingsDialog — how visitors rated the team: average and count per operator, and the latest comments. */
import { useEffect, useState } from 'preact/hooks'
import { fetchRatings, type OperatorRatings, type RecentComment } from './api.js'
import { dateTime } from './labels.js'
import { Modal } from './Modal.js'

type Loaded = { operators: OperatorRatings[]; comments: RecentComment[] }

export function RatingsDialog({ onClose }: { onClose(): void }) {
  const [data, setData] = useState<Loaded | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    let alive = true
    fetchRatings().then(
      (loaded) => alive && setData(loaded),
      (err: Error) => alive && setError(err.message),
    )
    return () => {
      alive = false
    }
  }, [])

  return (
    <Modal label="Ratings" onClose={onClose}>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p class="loading">Loading…</p>}
      {data && (
        <>
          {data.operators.length === 0 ? (
            <p class="none">No ratings yet.</p>
          ) : (
            <table class="ratings">
              <caption>Per operator</caption>
              <thead>
                <tr>
                  <th scope="col">Operator</th>
                  <th scope="col">Ratings</th>
                  <th scope="col">Average</th>
                </tr>
              </thead>
              <tbody>
                {data.operators.map((op) => (
                  <tr key={op.agentId}>
                    <th scope="row">{op.name}</th>
                    <td>{op.count}</td>
                    <td>{op.average.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Last comments</h3>
          {data.comments.length === 0 ? (
            <p class="none">No comments yet.</p>
          ) : (
            <ul class="comments">
              {data.comments.map((c) => (
                <li key={`${c.conversationId}-${c.createdAt}`}>
                  <p class="comment-head">
                    <strong>{c.score}/5</strong>
                    {c.agents.length > 0 && <span> · {c.agents.join(', ')}</span>}
                    <time dateTime={new Date(c.createdAt).toISOString()}> · {dateTime(c.createdAt)}</time>
                  </p>
                  <p class="comment">{c.comment}</p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Modal>
  )
}
