/**
 * @module widget/ui/kb-text — an article's body, written in Markdown or plain text, as paragraphs
 * of plain text for the widget to show as text nodes (issue 8). Marks a reader would trip over go;
 * a link keeps its address in brackets, so the visitor can still follow it (LinkedText).
 */
export function articleParagraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // an image: its description only, nothing is loaded
    .replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, (_, label: string, url: string) => (label && label !== url ? `${label} (${url})` : url))
    .replace(/^ {0,3}(?:#{1,6}|>) ?/gm, '') // headings and quotes
    .replace(/\*\*|__|`/g, '')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
}

/** The paragraphs under the article's own heading: a body that opens by repeating the title says it once. */
export function articleBody(title: string, body: string): string[] {
  const paragraphs = articleParagraphs(body)
  return paragraphs[0]?.toLowerCase() === title.trim().toLowerCase() ? paragraphs.slice(1) : paragraphs
}
