/**
 * @module protocol/cid — client message ids, made the same way by widget, agent page and relay.
 *
 * A cid starts with the time it was made, so cids sort roughly by time. The relay keeps a unique
 * index on them (the idempotency key). Random cids would land on a random leaf of that index,
 * so every message in a group commit would dirty a page of its own. Cids that sort by time all
 * land at the index's right edge, a few pages per commit. Measured on the store's write path
 * (`npm run bench -- --only store`): 7.4 → 4.1 KB written per message.
 * A visitor whose clock is off only moves their own cids elsewhere in the index; nothing depends
 * on the order for correctness.
 */

// Web Crypto is a global in browsers and in Node 20; protocol/ is typed for neither, so it says what it uses.
declare const crypto: { getRandomValues(array: Uint32Array): Uint32Array }

/** Milliseconds since the epoch in base 36, nine digits wide (that lasts until the year 5138), so text order is time order. */
export const cidTime = (now = Date.now()): string => now.toString(36).padStart(9, '0')

/**
 * A new client id: the time, then 96 random bits as three base-36 numbers of seven digits (30
 * characters, within CID_PATTERN). Written here rather than taken from nanoid, whose 64-letter
 * alphabet is most of its size.
 */
export const newCid = (now = Date.now()): string => cidTime(now) + Array.from(crypto.getRandomValues(new Uint32Array(3)), (n) => n.toString(36).padStart(7, '0')).join('')
