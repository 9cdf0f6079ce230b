/**
 * @module relay/store/migrations — the schema, as forward-only steps. Step N brings a database
 * from `user_version` N-1 to N. Never edit a step that has shipped: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: sites, visitors, operators and their sessions, conversations, messages.
  `
  CREATE TABLE sites (
    id          TEXT PRIMARY KEY,               -- the data-site name
    secret      TEXT NOT NULL,                  -- HMAC key for identify hashes
    origins     TEXT NOT NULL DEFAULT '[]',     -- JSON array of allowed page origins
    created_at  INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE visitors (
    id            TEXT PRIMARY KEY,
    site_id       TEXT NOT NULL REFERENCES sites(id),
    token_hash    TEXT NOT NULL UNIQUE,         -- sha256 of the device token; the token itself is never stored
    external_id   TEXT,                         -- identify id
    name          TEXT,
    email         TEXT,
    verified      INTEGER NOT NULL DEFAULT 0,
    context       TEXT NOT NULL DEFAULT '{}',   -- JSON object, merged by each context call
    page_url      TEXT,
    page_title    TEXT,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX visitors_by_external_id ON visitors(site_id, external_id);

  CREATE TABLE agents (
    id             TEXT PRIMARY KEY,            -- login name
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,               -- scrypt$N$r$p$salt$key
    skills         TEXT NOT NULL DEFAULT '[]',
    capacity       INTEGER NOT NULL DEFAULT 4 CHECK (capacity > 0),
    role           TEXT NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'supervisor')),
    created_at     INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE agent_sessions (
    token_hash  TEXT PRIMARY KEY,
    agent_id    TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites(id),
    visitor_id  TEXT NOT NULL REFERENCES visitors(id),
    status      TEXT NOT NULL CHECK (status IN ('waiting', 'open', 'closed')),
    agent_id    TEXT REFERENCES agents(id),
    last_seq    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX conversations_by_visitor ON conversations(visitor_id, created_at);
  CREATE INDEX conversations_by_status ON conversations(status, updated_at);

  CREATE TABLE messages (
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    seq              INTEGER NOT NULL,          -- per conversation, gap-free from 1
    cid              TEXT NOT NULL UNIQUE,      -- client id: the idempotency key, unique forever
    author           TEXT NOT NULL CHECK (author IN ('visitor', 'agent', 'system')),
    agent_id         TEXT REFERENCES agents(id),
    text             TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq)
  ) STRICT;
  `,  // 2: an epoch per conversation. It changes when the relay's history of a conversation was
  // replaced (a restored backup), so clients resync instead of trusting seqs from another past.
  `
  ALTER TABLE conversations ADD COLUMN epoch TEXT NOT NULL DEFAULT '';
  UPDATE conversations SET epoch = lower(hex(randomblob(6)));
  `,  // 3: routing, transfers, closing and ratings, canned answers.
  `
  ALTER TABLE conversations ADD COLUMN department TEXT;
  ALTER TABLE conversations ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN requeued INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN queued_at INTEGER;      -- entered the queue (waiting)
  ALTER TABLE conversations ADD COLUMN assigned_at INTEGER;    -- last given to an operator
  ALTER TABLE conversations ADD COLUMN closed_at INTEGER;
  ALTER TABLE conversations ADD COLUMN contact_email TEXT;     -- "leave a message" address
  UPDATE conversations SET queued_at = created_at WHERE status = 'waiting';
  -- Operators are never deleted (their names stay on old messages); removed ones cannot log in.
  ALTER TABLE agents ADD COLUMN removed_at INTEGER;

  -- Every operator who handled a conversation: ratings count for each of them.
  CREATE TABLE conversation_agents (
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    agent_id         TEXT NOT NULL REFERENCES agents(id),
    joined_at        INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, agent_id)
  ) STRICT;
  INSERT INTO conversation_agents SELECT id, agent_id, updated_at FROM conversations WHERE agent_id IS NOT NULL;

  CREATE TABLE transfers (
    id               INTEGER PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    from_agent       TEXT NOT NULL REFERENCES agents(id),
    to_agent         TEXT REFERENCES agents(id),
    to_department    TEXT,
    note             TEXT NOT NULL,
    created_at       INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX transfers_by_conversation ON transfers(conversation_id, id);

  CREATE TABLE ratings (
    conversation_id  TEXT PRIMARY KEY REFERENCES conversations(id),
    score            INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment          TEXT,
    created_at       INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE canned_answers (
    id          INTEGER PRIMARY KEY,
    shortcut    TEXT NOT NULL UNIQUE,
    text        TEXT NOT NULL,
    created_by  TEXT REFERENCES agents(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
  ) STRICT;
  `,  // 4: system lines carry their event, so clients can word them in the visitor's language.
  `
  ALTER TABLE messages ADD COLUMN event TEXT;  -- JSON SystemEvent, for author 'system'
  `,  // 5: how far an operator has read each conversation (the visitor sees "seen").
  `
  ALTER TABLE conversations ADD COLUMN agent_seen_seq INTEGER NOT NULL DEFAULT 0;
  `,  // 6: the sites an operator serves (JSON array of site ids; empty: every site).
  `
  ALTER TABLE agents ADD COLUMN sites TEXT NOT NULL DEFAULT '[]';
  `,  // 7: the knowledge base (issue 8): articles per site, and their full-text index.
  //
  // The index has external content: it keeps only term lists and reads titles and bodies from
  // kb_articles when snippet() needs them, so no text is stored twice, and the triggers keep it
  // in step with every writer (relay, CLI import). unicode61 folds case in every script and, with
  // remove_diacritics 2, Latin accents (ação = acao), but it leaves ё alone: the triggers index ё
  // as е and queries fold it the same way (relay/store/kb-query.ts). That swap keeps every
  // token's length and place, so snippet() over the original text still lines up; it also means
  // the 'rebuild' command must not be run on kb_search (it would index the unfolded text).
  // No stemmer here: FTS5 has none for Russian or Portuguese and better-sqlite3 cannot add a
  // tokenizer. Queries use light stems as prefixes instead (kb-query.ts), which also matches a
  // word the visitor is still typing.
  `
  CREATE TABLE kb_articles (
    docid       INTEGER PRIMARY KEY,            -- kb_search's rowid (a rowid alias: VACUUM keeps it); never on the wire
    site_id     TEXT NOT NULL REFERENCES sites(id),
    id          TEXT NOT NULL,                  -- the article's id on the wire and in import files
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,                  -- markdown or plain text, always shown as text
    lang        TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'pt')),
    tags        TEXT NOT NULL DEFAULT '[]',     -- JSON array of strings
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (site_id, id),
    UNIQUE (site_id, title)                     -- an import entry without an id is matched by its title
  ) STRICT;

  CREATE VIRTUAL TABLE kb_search USING fts5(
    title, tags, body,
    content = 'kb_articles', content_rowid = 'docid',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER kb_articles_insert AFTER INSERT ON kb_articles BEGIN
    INSERT INTO kb_search (rowid, title, tags, body) VALUES (new.docid,
      replace(replace(new.title, 'ё', 'е'), 'Ё', 'Е'), replace(replace(new.tags, 'ё', 'е'), 'Ё', 'Е'), replace(replace(new.body, 'ё', 'е'), 'Ё', 'Е'));
  END;
  -- An external-content index forgets a row only when told exactly what it indexed for it.
  CREATE TRIGGER kb_articles_delete AFTER DELETE ON kb_articles BEGIN
    INSERT INTO kb_search (kb_search, rowid, title, tags, body) VALUES ('delete', old.docid,
      replace(replace(old.title, 'ё', 'е'), 'Ё', 'Е'), replace(replace(old.tags, 'ё', 'е'), 'Ё', 'Е'), replace(replace(old.body, 'ё', 'е'), 'Ё', 'Е'));
  END;
  CREATE TRIGGER kb_articles_update AFTER UPDATE ON kb_articles BEGIN
    INSERT INTO kb_search (kb_search, rowid, title, tags, body) VALUES ('delete', old.docid,
      replace(replace(old.title, 'ё', 'е'), 'Ё', 'Е'), replace(replace(old.tags, 'ё', 'е'), 'Ё', 'Е'), replace(replace(old.body, 'ё', 'е'), 'Ё', 'Е'));
    INSERT INTO kb_search (rowid, title, tags, body) VALUES (new.docid,
      replace(replace(new.title, 'ё', 'е'), 'Ё', 'Е'), replace(replace(new.tags, 'ё', 'е'), 'Ё', 'Е'), replace(replace(new.body, 'ё', 'е'), 'Ё', 'Е'));
  END;
  `,  // 8: webhooks (issue 8): each site's endpoints, and the outbox of deliveries. An outbox row is
  // written in the same transaction as the change it reports, so a crash loses none.
  `
  CREATE TABLE webhook_endpoints (
    id          TEXT PRIMARY KEY,               -- wh_…
    site_id     TEXT NOT NULL REFERENCES sites(id),
    url         TEXT NOT NULL,                  -- http(s) only
    secret      TEXT NOT NULL,                  -- HMAC key for Parley-Signature
    events      TEXT NOT NULL DEFAULT '[]',     -- JSON array of event types; empty: every type
    created_at  INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX webhook_endpoints_by_site ON webhook_endpoints(site_id);

  -- One row per event and endpoint. Delivered rows are kept a day, given-up ones 30 days.
  CREATE TABLE webhook_outbox (
    id               INTEGER PRIMARY KEY,
    event_id         TEXT NOT NULL,             -- evt_…, the same for every endpoint and every retry
    endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    conversation_id  TEXT NOT NULL,             -- no FK: erasing a conversation deletes these rows first
    type             TEXT NOT NULL,
    payload          TEXT NOT NULL,             -- the exact body that is signed and sent
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    delivered_at     INTEGER,
    failed_at        INTEGER,                   -- gave up
    last_status      INTEGER,                   -- HTTP status of the last try; NULL: no response
    last_error       TEXT,
    UNIQUE (event_id, endpoint_id)
  ) STRICT;
  -- What the delivery loop polls: only rows still to send, in the order they fall due.
  CREATE INDEX webhook_outbox_due ON webhook_outbox(next_attempt_at, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
  CREATE INDEX webhook_outbox_by_endpoint ON webhook_outbox(endpoint_id, created_at);
  CREATE INDEX webhook_outbox_by_conversation ON webhook_outbox(conversation_id);
  `,  // 9: the REST API (issue 8): bearer tokens per site, and the name a bot posts under.
  `
  CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,             -- tok_…, what parley token revoke takes
    site_id       TEXT NOT NULL REFERENCES sites(id),
    name          TEXT NOT NULL,                -- a label: who or what uses the token
    token_hash    TEXT NOT NULL UNIQUE,         -- sha256 of the token; the token itself is never stored
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER                       -- kept after revoking, so the list says what was cut off
  ) STRICT;
  CREATE INDEX api_tokens_by_site ON api_tokens(site_id, created_at);

  -- A bot's message has no operator row to take a name from: the name it was posted under.
  ALTER TABLE messages ADD COLUMN author_name TEXT;
  -- The API lists a site's conversations, newest first.
  CREATE INDEX conversations_by_site ON conversations(site_id, created_at);
  `,  // 10: self-service (issue 8): the articles a visitor read before (or while) asking, per
  // conversation, for the operator; and the answers to "Did this answer your question?", per
  // visitor and article, counted as deflections. Both are the visitor's data: erasing a
  // conversation or a visitor takes their rows with it (ON DELETE CASCADE, so the retention
  // purge of idle visitors needs no step of its own).
  `
  CREATE TABLE kb_seen (
    conversation_id  TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    article_id       TEXT NOT NULL,             -- no FK: what was read stays readable after the article goes
    title            TEXT NOT NULL,             -- as it was when read
    helped           INTEGER CHECK (helped IN (0, 1)),  -- NULL: the visitor did not say
    at               INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, article_id)
  ) STRICT;

  -- One answer per visitor and article, the latest: clicking "yes" again does not count twice.
  CREATE TABLE kb_feedback (
    visitor_id       TEXT NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
    article_id       TEXT NOT NULL,
    site_id          TEXT NOT NULL REFERENCES sites(id),
    helped           INTEGER NOT NULL CHECK (helped IN (0, 1)),
    at               INTEGER NOT NULL,
    -- The conversation the answer was shown in; NULL until the visitor next writes.
    conversation_id  TEXT REFERENCES conversations(id) ON DELETE CASCADE,
    PRIMARY KEY (visitor_id, article_id)
  ) STRICT;
  CREATE INDEX kb_feedback_by_article ON kb_feedback(site_id, article_id);
  CREATE INDEX kb_feedback_by_conversation ON kb_feedback(conversation_id);
  `,
  // 11: the status index without updated_at. Every message bumps its conversation's updated_at,
  // so an index on it was rewritten for each message (issue 7's profile). The queue is read by
  // status in queued_at order, which this index serves without a sort.
  `
  DROP INDEX conversations_by_status;
  CREATE INDEX conversations_by_status ON conversations(status, queued_at);
  `,
]
