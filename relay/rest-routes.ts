/**
 * @module relay/rest-routes — the REST API under /v1/api (issue 8), for a site's own servers:
 * list and read its conversations, write into one as a bot or an operator, close one, read its
 * ratings, export a visitor. Every request carries a bearer token (relay/api-auth) that acts for
 * one site; anything of another site is "not found", never "forbidden", so a token learns nothing
 * of what it may not see. Writes go through the relay core (relay/api-chat), so the visitor sees
 * them live, they are stored once by cid, and webhooks record them, as for the agent page.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import {
  API_MAX_BODY_BYTES,
  API_PATH,
  newCid,
  parseApiClose,
  parseApiConversationsQuery,
  parseApiPostMessage,
  parseApiRatingsQuery,
  parseApiTranscriptQuery,
  type ApiClosed,
  type ApiConversation,
  type ApiConversationsPage,
  type ApiPosted,
  type ApiRatingsPage,
  type ApiTranscript,
  type VisitorExport,
} from '../protocol/index.js'
import { requireApiToken, type ApiAuthVariables } from './api-auth.js'
import type { Core } from './core.js'
import { RelayError, valid } from './errors.js'
import { readJson } from './json-body.js'

export function createRestRoutes({ core }: { core: Core }): Hono {
  const { store } = core
  const api = new Hono<{ Variables: ApiAuthVariables }>()
  // The token first: a request without one is refused before its body is read.
  api.use('*', requireApiToken(store))
  api.use('*', bodyLimit({ maxSize: API_MAX_BODY_BYTES, onError: () => { throw new RelayError('too_large', `request body is larger than ${API_MAX_BODY_BYTES / 1024} KiB`) } }))
  api.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })

  /** The conversation, when it is of the token's site; any other, existing or not, is not found. */
  const conversationOf = (site: string, id: string): ApiConversation => {
    const conv = store.apiReads.conversation(site, id)
    if (!conv) throw new RelayError('not_found', `no conversation ${id}`)
    return conv
  }

  api.get('/conversations', (c) => {
    const site = c.get('site')
    const query = valid(parseApiConversationsQuery(c.req.query()))
    if (query.before !== undefined && !store.apiReads.conversation(site, query.before)) {
      throw new RelayError('bad_field', `before must be the id of a conversation of this site, as "next" gives it`)
    }
    const conversations = store.apiReads.conversations(site, query)
    const next = conversations.length === query.limit ? conversations.at(-1)!.id : null
    return c.json({ conversations, next } satisfies ApiConversationsPage)
  })

  api.get('/conversations/:id', (c) => {
    const conversation = conversationOf(c.get('site'), c.req.param('id'))
    const { after, limit } = valid(parseApiTranscriptQuery(c.req.query()))
    const messages = store.apiReads.messages(conversation.id, after, limit + 1)
    return c.json({ conversation, messages: messages.slice(0, limit), more: messages.length > limit } satisfies ApiTranscript)
  })

  api.post('/conversations/:id/messages', async (c) => {
    const site = c.get('site')
    const { id } = conversationOf(site, c.req.param('id'))
    const input = valid(parseApiPostMessage(await readJson(c)))
    // Without a cid of the caller's, a retry cannot be told from a second message: it is stored again.
    const cid = input.cid ?? `api-${newCid()}`
    const { message, duplicate } = await core.apiChat.post(site, id, { ...input, cid })
    const [stored] = store.apiReads.messages(id, message.seq - 1, 1)
    const body = { message: stored!, conversation: conversationOf(site, id) } satisfies ApiPosted
    return c.json(body, duplicate ? 200 : 201)
  })

  api.post('/conversations/:id/close', async (c) => {
    const site = c.get('site')
    const { id } = conversationOf(site, c.req.param('id'))
    // The body is optional: `curl -X POST …/close` closes as a bot.
    const empty = (await c.req.text()).trim() === ''
    const { author } = valid(parseApiClose(empty ? {} : await readJson(c)))
    await core.apiChat.close(site, id, author)
    return c.json({ conversation: conversationOf(site, id) } satisfies ApiClosed)
  })

  api.get('/ratings', (c) => {
    const { since, limit } = valid(parseApiRatingsQuery(c.req.query()))
    return c.json(store.apiReads.ratings(c.get('site'), since, limit) satisfies ApiRatingsPage)
  })

  api.get('/visitors/:id/export', (c) => {
    const id = c.req.param('id')
    const visitor = store.visitors.get(id)
    const data = visitor?.siteId === c.get('site') ? store.privacy.exportVisitor(id) : undefined
    if (!data) throw new RelayError('not_found', `no visitor ${id}`)
    return c.json(data satisfies VisitorExport)
  })

  const routes = new Hono()
  routes.route(API_PATH, api)
  return routes
}
