/** @module widget/ui/LinkedText — message text as text nodes, with http(s) URLs made clickable; never HTML. */
import { splitLinks } from './links.js'

export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} target="_blank" rel="noopener noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  )
}
