import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { enEmail, enRating, enSeldom, enSelfService } from './en.js'
import { LAUNCHER_LABEL } from './launcher.js'
import { en, formatTime, localeFor, pickLanguage, plural, pt, ru, stringsFor, type CommonEvent, type SeldomEvent, type SeldomStrings, type Strings } from './index.js'
import { ptEmail, ptRating, ptSeldom, ptSelfService } from './pt.js'
import { ruEmail, ruRating, ruSeldom, ruSelfService } from './ru.js'

type Tree = { readonly [key: string]: unknown }

/** Every path in a dictionary with its value: 'link.online' → 'Online'. */
function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null ? leaves(value as Tree, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  )
}

const kind = (value: unknown) => (typeof value === 'object' && value !== null ? 'record' : typeof value)

/** Samples for every function in a dictionary: counts around the plural edges and waits around the minute, or names. */
const NUMBERS = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 59, 60, 89, 90, 149, 150, 600, 3600]
const NAMES = ['Ana', 'Мария']
/** The system lines every widget words itself, and those that come with the seldom words. */
const EVENTS: CommonEvent[] = [
  { kind: 'joined', agent: 'Ana' },
  { kind: 'closed', by: 'agent', agent: 'Ana' },
  { kind: 'closed', by: 'visitor' },
]
const SELDOM_EVENTS: SeldomEvent[] = [
  { kind: 'took_over', agent: 'Ana', from: 'Bob' },
  { kind: 'to_department', from: 'Ana', department: 'billing' },
  { kind: 'requeued', agent: 'Ana' },
]
const argsFor = (key: string): unknown[] => (key === 'withAgent' || key === 'typing' ? NAMES : key === 'system' ? EVENTS : NUMBERS)

describe('pickLanguage', () => {
  it('takes data-lang over the browser languages when it is supported', () => {
    assert.equal(pickLanguage('ru', ['pt-BR', 'en-US']), 'ru')
    assert.equal(pickLanguage('en', ['ru-RU']), 'en')
  })

  it('reads the primary subtag of a regional tag', () => {
    assert.equal(pickLanguage(undefined, ['pt-BR']), 'pt')
    assert.equal(pickLanguage(undefined, ['ru-RU']), 'ru')
    assert.equal(pickLanguage('pt-PT', []), 'pt')
    assert.equal(pickLanguage('pt_BR', []), 'pt')
  })

  it('ignores case', () => {
    assert.equal(pickLanguage('RU', []), 'ru')
    assert.equal(pickLanguage(undefined, ['PT-br']), 'pt')
  })

  it('falls back to the first supported browser language when data-lang is unsupported or empty', () => {
    assert.equal(pickLanguage('de', ['fr-FR', 'ru', 'pt']), 'ru')
    assert.equal(pickLanguage('', ['pt-BR']), 'pt')
  })

  it('answers English when nothing is supported', () => {
    assert.equal(pickLanguage(undefined, []), 'en')
    assert.equal(pickLanguage('de', ['fr-FR', 'zh-Hant-TW']), 'en')
    // 'rus' and 'english' are not the subtags 'ru' and 'en'; prototype names are not languages.
    assert.equal(pickLanguage('constructor', ['rus', 'english']), 'en')
  })
})

describe('stringsFor', () => {
  it('returns the dictionary of each language', () => {
    assert.equal(stringsFor('en'), en)
    assert.equal(stringsFor('ru'), ru)
    assert.equal(stringsFor('pt'), pt)
  })
})

describe('dictionaries', () => {
  for (const [lang, dictionary] of Object.entries({ ru, pt })) {
    it(`${lang} has every key of English with the same kind, and no other`, () => {
      const theirs = new Map(leaves(dictionary as unknown as Tree))
      for (const [path, value] of leaves(en as unknown as Tree)) {
        assert.ok(theirs.has(path), `${lang} lacks ${path}`)
        assert.equal(kind(theirs.get(path)), kind(value), `${lang}.${path}`)
      }
      assert.deepEqual([...theirs.keys()].sort(), leaves(en as unknown as Tree).map(([path]) => path).sort())
      // Nested records are compared by their leaves above; this catches a record replaced by a string.
      for (const [key, value] of Object.entries(en)) assert.equal(kind((dictionary as unknown as Tree)[key]), kind(value), `${lang}.${key}`)
    })

    it(`${lang} says something for every entry and every sample argument`, () => {
      for (const [path, value] of leaves(dictionary as unknown as Tree)) {
        const outputs = typeof value === 'function' ? argsFor(path).map((arg) => (value as (arg: unknown) => unknown)(arg)) : [value]
        for (const out of outputs) assert.ok(typeof out === 'string' && out.trim() !== '' && !/undefined|NaN/.test(out), `${lang}.${path}: ${String(out)}`)
      }
    })
  }

  it('ru is written in Russian everywhere (a copied English entry fails)', () => {
    for (const [path, value] of leaves(ru as unknown as Tree)) {
      const out = typeof value === 'function' ? (value as (arg: unknown) => string)(argsFor(path)[1]) : String(value)
      assert.match(out, /[а-яё]/i, `ru.${path}: ${out}`)
    }
  })
})

// The rating and email forms' words ship with those parts, one dictionary per language each.
const PART_DICTIONARIES = { rating: { en: enRating, ru: ruRating, pt: ptRating }, email: { en: enEmail, ru: ruEmail, pt: ptEmail } }

describe('rating and email dictionaries', () => {
  for (const [part, { en: english, ...others }] of Object.entries(PART_DICTIONARIES)) {
    it(`${part}: ru and pt have every key of English with the same kind, and no other`, () => {
      for (const [lang, dictionary] of Object.entries(others)) {
        assert.deepEqual(Object.keys(dictionary).sort(), Object.keys(english).sort(), `${lang} ${part}`)
        for (const [key, value] of Object.entries(english)) assert.equal(kind((dictionary as unknown as Tree)[key]), kind(value), `${lang}.${part}.${key}`)
      }
    })

    it(`${part}: every language says something for every entry and sample argument, ru in Russian, pt not copied from English`, () => {
      for (const [lang, dictionary] of Object.entries({ en: english, ...others })) {
        for (const [key, value] of leaves(dictionary as unknown as Tree)) {
          const outputs = typeof value === 'function' ? NUMBERS.map((n) => (value as (n: number) => unknown)(n)) : [value]
          for (const out of outputs) {
            assert.ok(typeof out === 'string' && out.trim() !== '' && !/undefined|NaN/.test(out), `${lang}.${part}.${key}: ${String(out)}`)
            if (lang === 'ru') assert.match(out, /[а-яё]/i, `ru.${part}.${key}`)
          }
          if (lang === 'pt' && typeof value === 'string') assert.notEqual(value, (english as unknown as Tree)[key], `pt.${part}.${key}`)
        }
      }
    })
  }
})

describe('seldom words', () => {
  const SELDOM: Record<string, SeldomStrings> = { en: enSeldom, ru: ruSeldom, pt: ptSeldom }
  const outputs = (words: SeldomStrings) => [words.slowLink, words.tooFast, words.tooManyChats, ...SELDOM_EVENTS.map((e) => words.system(e))]

  it('ru and pt have every key of English with the same kind, and no other', () => {
    for (const [lang, dictionary] of Object.entries(SELDOM)) {
      assert.deepEqual(Object.keys(dictionary).sort(), Object.keys(enSeldom).sort(), lang)
      for (const [key, value] of Object.entries(enSeldom)) assert.equal(kind(dictionary[key as keyof SeldomStrings]), kind(value), `${lang}.seldom.${key}`)
    }
  })

  it('say something different for every entry and event, ru in Russian, pt not copied from English', () => {
    for (const [lang, dictionary] of Object.entries(SELDOM)) {
      const said = outputs(dictionary)
      for (const out of said) assert.ok(out.trim() !== '' && !/undefined|NaN/.test(out), `${lang}: ${out}`)
      assert.equal(new Set(said).size, said.length, `${lang} says two things alike`)
      if (lang === 'ru') for (const out of said) assert.match(out, /[а-яё]/i)
      if (lang === 'pt') said.forEach((out, i) => assert.notEqual(out, outputs(enSeldom)[i]))
    }
  })

  it('name who took over, from whom, and the department, in every language', () => {
    for (const [lang, dictionary] of Object.entries(SELDOM)) {
      assert.match(dictionary.system({ kind: 'took_over', agent: 'Ana', from: 'Bob' }), /Ana.*Bob/, lang)
      assert.match(dictionary.system({ kind: 'to_department', from: 'Ana', department: 'billing' }), /billing/, lang)
      assert.match(dictionary.system({ kind: 'requeued', agent: 'Ana' }), /Ana/, lang)
    }
  })

  it('keep the English wording the specs look for', () => {
    assert.equal(enSeldom.slowLink, 'Online · slow link')
    assert.equal(enSeldom.system({ kind: 'took_over', agent: 'Alice', from: 'Bob' }), 'Alice took over from Bob')
  })
})

describe('self-service dictionaries', () => {
  it('have the keys of English, each a non-empty string, and no other', () => {
    for (const [lang, dictionary] of Object.entries({ ru: ruSelfService, pt: ptSelfService })) {
      assert.deepEqual(Object.keys(dictionary).sort(), Object.keys(enSelfService).sort(), lang)
      for (const [key, value] of Object.entries(dictionary)) assert.ok(typeof value === 'string' && value.trim() !== '', `${lang}.${key}`)
    }
  })

  it('are written in Russian and Portuguese, not copied from English', () => {
    for (const [key, value] of Object.entries(ruSelfService)) assert.match(value, /[а-яё]/i, `ru.${key}`)
    for (const [key, value] of Object.entries(ptSelfService)) assert.notEqual(value, enSelfService[key as keyof typeof enSelfService], `pt.${key}`)
  })

  it('keep the English wording the specs look for', () => {
    assert.equal(enSelfService.answered, 'Did this answer your question?')
    assert.equal(enSelfService.talk, 'Talk to a person')
    assert.equal(enSelfService.thanks, 'Glad that helped!')
  })
})

describe('en', () => {
  it('keeps the exact English wording', () => {
    assert.equal(en.waiting(1), '1 message waiting to send')
    assert.equal(en.waiting(2), '2 messages waiting to send')
    assert.equal(en.queued(1), "You're next in line")
    assert.equal(en.queued(3), "You're number 3 in line")
    assert.equal(en.eta(60), 'about a minute')
    assert.equal(en.eta(300), 'about 5 minutes')
  })
})

describe('ru plurals', () => {
  it('picks one, few and many for waiting', () => {
    const expected: Record<number, string> = {
      1: '1 сообщение ждёт отправки',
      2: '2 сообщения ждут отправки',
      5: '5 сообщений ждут отправки',
      11: '11 сообщений ждут отправки',
      21: '21 сообщение ждёт отправки',
      22: '22 сообщения ждут отправки',
      25: '25 сообщений ждут отправки',
    }
    for (const [n, text] of Object.entries(expected)) assert.equal(ru.waiting(Number(n)), text)
  })

  it('counts the people ahead in line and the minutes of the wait', () => {
    assert.equal(ru.queued(1), 'Ваша очередь следующая')
    assert.equal(ru.queued(2), 'Перед Вами в очереди 1 человек')
    assert.equal(ru.queued(3), 'Перед Вами в очереди 2 человека')
    assert.equal(ru.queued(6), 'Перед Вами в очереди 5 человек')
    assert.equal(ru.queued(22), 'Перед Вами в очереди 21 человек')
    assert.equal(ru.eta(60), 'около минуты')
    assert.equal(ru.eta(120), 'около 2 минут')
    assert.equal(ru.eta(300), 'около 5 минут')
    assert.equal(ru.eta(21 * 60), 'около 21 минуты')
  })
})

describe('pt plurals', () => {
  it('picks one and other', () => {
    assert.equal(pt.waiting(1), '1 mensagem aguarda envio')
    assert.equal(pt.waiting(2), '2 mensagens aguardam envio')
    assert.equal(pt.queued(1), 'Não há ninguém à sua frente na fila')
    assert.equal(pt.queued(2), '1 pessoa à sua frente na fila')
    assert.equal(pt.queued(3), '2 pessoas à sua frente na fila')
    assert.equal(pt.eta(60), 'cerca de um minuto')
    assert.equal(pt.eta(300), 'cerca de 5 minutos')
  })
})

describe('plural', () => {
  it('falls back to other for a category the forms leave out', () => {
    assert.equal(plural('ru', 5, { one: 'one', other: 'other' }), 'other')
    assert.equal(plural('ru', 3, { one: 'one', many: 'many', other: 'other' }), 'other')
    assert.equal(plural('en', 1, { one: 'one', other: 'other' }), 'one')
  })
})

describe('LAUNCHER_LABEL', () => {
  // The loader's and the widget's launcher both say it (the loader lends it, widget/handoff).
  it('says open chat, with the unread count when there is one, in every language', () => {
    const expected = {
      en: ['Open chat', 'Open chat (3 unread)'],
      ru: ['Открыть чат', 'Открыть чат (непрочитанных: 3)'],
      pt: ['Abrir chat', 'Abrir chat (não lidas: 3)'],
    }
    for (const [lang, labels] of Object.entries(expected)) assert.deepEqual([0, 3].map(LAUNCHER_LABEL[lang as keyof typeof expected]), labels, lang)
  })
})

describe('localeFor', () => {
  it('keeps the visitor region when it matches the language', () => {
    assert.equal(localeFor('en', ['ru-RU', 'en-GB']), 'en-GB')
    assert.equal(localeFor('pt', ['pt-PT']), 'pt-PT')
  })

  it('uses the bare language when the visitor has no variant of it', () => {
    assert.equal(localeFor('ru', ['en-US']), 'ru')
  })
})

describe('formatTime', () => {
  // Built from local fields, so the day boundaries hold in whatever time zone the tests run.
  const at = new Date(2024, 2, 12, 14, 5).getTime()
  const timeOnly = (ms: number, lang: string) => new Date(ms).toLocaleString(lang, { hour: '2-digit', minute: '2-digit' })
  const withDay = (ms: number, lang: string) => new Date(ms).toLocaleString(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })

  it('shows only the time for a message from today', () => {
    for (const lang of ['en', 'en-GB', 'ru', 'pt-BR']) {
      assert.equal(formatTime(at, lang, new Date(2024, 2, 12, 23, 59, 59).getTime()), timeOnly(at, lang))
    }
    const midnight = new Date(2024, 2, 12, 0, 0).getTime()
    assert.equal(formatTime(midnight, 'ru', new Date(2024, 2, 12, 23, 59).getTime()), timeOnly(midnight, 'ru'))
  })

  it('adds the day for a message from an earlier day, even a minute before midnight', () => {
    const late = new Date(2024, 2, 11, 23, 59).getTime()
    const now = new Date(2024, 2, 12, 0, 1).getTime()
    for (const lang of ['en', 'ru', 'pt']) {
      const shown = formatTime(late, lang, now)
      assert.equal(shown, withDay(late, lang))
      assert.notEqual(shown, timeOnly(late, lang))
      assert.match(shown, /11/)
    }
  })

  it('adds the year for a message from an earlier year', () => {
    const shown = formatTime(new Date(2023, 11, 31, 23, 0).getTime(), 'ru', new Date(2024, 0, 1, 9, 0).getTime())
    assert.match(shown, /2023/)
  })

  it('formats in the default locale instead of throwing on a malformed tag', () => {
    assert.throws(() => timeOnly(at, 'not a tag!'), RangeError)
    assert.equal(formatTime(at, 'not a tag!', at), new Date(at).toLocaleString(undefined, { hour: '2-digit', minute: '2-digit' }))
  })
})
