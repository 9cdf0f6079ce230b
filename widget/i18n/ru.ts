/**
 * @module widget/i18n/ru — Russian, in the polite "Вы" of customer support. Wording avoids
 * gendered forms ("следующий/следующая") since we never know who is reading.
 */
import { plural } from './plural.js'
import type { EmailStrings, RatingStrings, SeldomStrings, SelfServiceStrings, Strings } from './types.js'

// `other` only meets fractions, which take the genitive singular: the same word as `few`, which is
// left out where it equals `other` (plural() falls back to `other`).
export const ru: Strings = {
  title: 'Напишите нам',
  closeChat: 'Закрыть чат',
  conversation: 'Переписка',
  empty: 'Задайте любой вопрос — обычно мы отвечаем за несколько минут.',
  placeholder: 'Напишите сообщение…',
  composerLabel: 'Напишите сообщение',
  send: 'Отправить',
  you: 'Вы',
  operator: 'Оператор',
  sending: 'Отправка…',
  seen: 'Прочитано',
  failed: 'Не отправлено',
  link: {
    connecting: 'Подключение…',
    online: 'В сети',
    offline: 'Переподключение…',
    stopped: 'Чат недоступен',
  },
  outboxFull: 'Слишком много сообщений ждут отправки. Они уйдут, когда связь вернётся.',
  endChat: 'Завершить чат',
  // The name stays in the nominative: "с ${name}" would need the instrumental case.
  withAgent: (name) => `Вам отвечает ${name}`,
  // Counting the people ahead needs no ordinal, whose ending would depend on the visitor's gender.
  queued: (position) =>
    position > 1
      ? `Перед Вами в очереди ${position - 1} ${plural('ru', position - 1, { one: 'человек', many: 'человек', other: 'человека' })}`
      : 'Ваша очередь следующая',
  // "около" takes the genitive: около 21 минуты, около 5 минут.
  eta: (seconds) => {
    const m = Math.round(seconds / 60)
    return seconds < 90 ? 'около минуты' : `около ${m} ${plural('ru', m, { one: 'минуты', few: 'минут', many: 'минут', other: 'минуты' })}`
  },
  etaUnknown: 'время ожидания пока неизвестно',
  typing: (name) => `${name} печатает…`,
  system: (e) => (e.kind === 'joined' ? `${e.agent} присоединяется к чату` : e.by === 'visitor' ? 'Вы завершили чат' : `Оператор ${e.agent} завершил чат`),
  waiting: (n) => `${n} ${plural('ru', n, { one: 'сообщение ждёт', many: 'сообщений ждут', other: 'сообщения ждут' })} отправки`,
}

export const ruSelfService: SelfServiceStrings = {
  suggested: 'Возможно, это поможет',
  answered: 'Статья ответила на Ваш вопрос?',
  yes: 'Да',
  no: 'Нет',
  talk: 'Написать оператору',
  thanks: 'Рады, что это помогло!',
  ask: 'Напишите вопрос, и мы передадим его оператору',
  back: 'Назад к подсказкам',
}

export const ruRating: RatingStrings = {
  closed: 'Чат завершён. Чтобы начать новый, просто напишите снова.',
  prompt: 'Оцените, пожалуйста, этот чат',
  star: (n) => `Оценка ${n} из 5`,
  comment: 'Комментарий (необязательно)',
  send: 'Отправить оценку',
  thanks: 'Спасибо за отзыв!',
}

export const ruEmail: EmailStrings = {
  nobodyOnline: 'Сейчас никого нет на связи. Оставьте сообщение, и мы ответим здесь.',
  prompt: 'Хотите получить ответ и по электронной почте?',
  label: 'Ваш e-mail',
  save: 'Сохранить',
  saved: 'Спасибо! Мы продублируем ответ на эту почту.',
}

export const ruSeldom: SeldomStrings = {
  slowLink: 'В сети · медленное соединение',
  tooFast: 'Вы отправляете слишком быстро — подождите немного, сообщения уйдут сами.',
  tooManyChats: 'Вы начали много чатов за этот час. Сообщение уйдёт позже само.',
  system: (e) =>
    e.kind === 'took_over'
      ? `Теперь Вам отвечает ${e.agent} (вместо: ${e.from})`
      : e.kind === 'to_department'
        ? `Чат передан в отдел «${e.department}»; Вам ответит первый свободный оператор`
        : `Оператор ${e.agent} недоступен; Вы снова первые в очереди`,
}
