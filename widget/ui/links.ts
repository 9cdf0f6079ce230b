/** @module widget/ui/links — finds http(s) URLs in message text, so they can be links while everything else stays text. */

/** Splits text into plain runs and http(s) URLs (odd indexes). */
export function splitLinks(text: string): string[] {
  // Trailing punctuation belongs to the sentence, not the URL.
  return text.split(/(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'])/i)
}
