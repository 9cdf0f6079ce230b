/** @module relay/secrets — password hashing, random tokens and HMAC checks, all on node:crypto. */
import { createHash, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

// scrypt cost: N=2^15, r=8, p=1 (OWASP's minimum recommendation), ~32 MiB and ~50 ms per check.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keyLength: 32 }
const SCRYPT_MAXMEM = 64 * 1024 * 1024

export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  const key = scryptSync(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT_MAXMEM })
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT_MAXMEM,
  })
  return timingSafeEqual(actual, expected)
}

/** 32 random bytes, base64url: 43 characters, unguessable. */
export const randomToken = (): string => randomBytes(32).toString('base64url')

/** Tokens are stored only as their SHA-256, so a copied database holds no usable credential. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

/** Checks `hash` = hex HMAC-SHA256(secret, id) in constant time. */
export function verifyIdentityHash(secret: string, id: string, hash: string): boolean {
  const expected = createHmac('sha256', secret).update(id).digest()
  const given = Buffer.from(hash, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
