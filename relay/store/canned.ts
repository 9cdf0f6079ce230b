/** @module relay/store/canned — canned answers operators insert with "/shortcut" and edit before sending. */
import type { CannedAnswer } from '../../protocol/index.js'
import type { Db } from './database.js'

export function createCannedStore(db: Db) {
  const all = db.prepare<[], CannedAnswer>('SELECT id, shortcut, text FROM canned_answers ORDER BY shortcut')
  const byShortcut = db.prepare<[string], CannedAnswer>('SELECT id, shortcut, text FROM canned_answers WHERE shortcut = ?')
  const insert = db.prepare('INSERT INTO canned_answers (shortcut, text, created_by, created_at) VALUES (?, ?, ?, ?)')
  const update = db.prepare('UPDATE canned_answers SET shortcut = ?, text = ? WHERE id = ?')
  const remove = db.prepare('DELETE FROM canned_answers WHERE id = ?')

  return {
    list: (): CannedAnswer[] => all.all(),
    byShortcut: (shortcut: string): CannedAnswer | undefined => byShortcut.get(shortcut),
    add(answer: { shortcut: string; text: string }, agentId: string, now = Date.now()): CannedAnswer {
      const id = Number(insert.run(answer.shortcut, answer.text, agentId, now).lastInsertRowid)
      return { id, ...answer }
    },
    update: (id: number, answer: { shortcut: string; text: string }): boolean => update.run(answer.shortcut, answer.text, id).changes === 1,
    remove: (id: number): boolean => remove.run(id).changes === 1,
  }
}
