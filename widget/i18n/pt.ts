/**
 * @module widget/i18n/pt — Portuguese for Brazil and Portugal alike: it avoids words that differ
 * (equipa/equipe, guardar/salvar, connosco/conosco) and gendered forms (o próximo/a próxima).
 * The progressive forms ("Enviando…") are Brazilian usage that Portugal reads without trouble.
 */
import { plural } from './plural.js'
import type { EmailStrings, RatingStrings, SeldomStrings, SelfServiceStrings, Strings } from './types.js'

export const pt: Strings = {
  title: 'Precisa de ajuda?',
  closeChat: 'Fechar chat',
  conversation: 'Conversa',
  empty: 'Pergunte o que quiser — costumamos responder em poucos minutos.',
  placeholder: 'Escreva uma mensagem…',
  composerLabel: 'Escreva uma mensagem',
  send: 'Enviar',
  you: 'Você',
  // The service, not a person: "Atendimento" needs no gender and is used on both sides of the Atlantic.
  operator: 'Atendimento',
  sending: 'Enviando…',
  seen: 'Lida',
  failed: 'Não enviada',
  link: {
    connecting: 'Conectando…',
    online: 'Online',
    offline: 'Reconectando…',
    stopped: 'Chat indisponível',
  },
  outboxFull: 'Há mensagens demais esperando para enviar. Elas serão enviadas quando a conexão voltar.',
  endChat: 'Encerrar chat',
  withAgent: (name) => `Em conversa com ${name}`,
  queued: (position) =>
    position > 1
      ? `${position - 1} ${plural('pt', position - 1, { one: 'pessoa', other: 'pessoas' })} à sua frente na fila`
      : 'Não há ninguém à sua frente na fila',
  eta: (seconds) => {
    const m = Math.round(seconds / 60)
    return seconds < 90 ? 'cerca de um minuto' : `cerca de ${m} ${plural('pt', m, { one: 'minuto', other: 'minutos' })}`
  },
  etaUnknown: 'ainda não conseguimos estimar a espera',
  typing: (name) => `${name} está escrevendo…`,
  system: (e) => (e.kind === 'joined' ? `${e.agent} entrou na conversa` : e.by === 'visitor' ? 'Você encerrou a conversa' : `${e.agent} encerrou a conversa`),
  waiting: (n) => `${n} ${plural('pt', n, { one: 'mensagem aguarda', other: 'mensagens aguardam' })} envio`,
}

// "Atendimento" again: a person is meant, without saying o/a atendente.
export const ptSelfService: SelfServiceStrings = {
  suggested: 'Respostas sugeridas',
  answered: 'Isto respondeu à sua pergunta?',
  yes: 'Sim',
  no: 'Não',
  talk: 'Falar com o atendimento',
  thanks: 'Que bom que ajudou!',
  ask: 'Escreva a sua pergunta e ela será encaminhada ao atendimento',
  back: 'Voltar às sugestões',
}

export const ptRating: RatingStrings = {
  closed: 'Esta conversa terminou. Escreva de novo quando quiser para iniciar outra.',
  prompt: 'Como foi esta conversa?',
  star: (n) => `Avaliar com ${n} de 5`,
  comment: 'Comentário (opcional)',
  send: 'Enviar avaliação',
  thanks: 'Obrigado pela sua avaliação!',
}

export const ptEmail: EmailStrings = {
  nobodyOnline: 'Não há ninguém disponível agora. Deixe uma mensagem e responderemos aqui.',
  prompt: 'Quer receber a resposta também por e-mail?',
  label: 'O seu e-mail',
  save: 'Confirmar',
  saved: 'Obrigado — também lhe responderemos por e-mail.',
}

export const ptSeldom: SeldomStrings = {
  slowLink: 'Online · conexão lenta',
  tooFast: 'Você está enviando rápido demais — espere um momento; suas mensagens serão enviadas sozinhas.',
  tooManyChats: 'Você iniciou muitos chats nesta hora. Sua mensagem será enviada mais tarde, sozinha.',
  system: (e) =>
    e.kind === 'took_over'
      ? `${e.agent} assumiu a conversa (antes: ${e.from})`
      : e.kind === 'to_department'
        ? `A conversa foi passada para ${e.department}; o próximo atendente livre vai responder`
        : `${e.agent} não está mais disponível; você voltou ao início da fila`,
}
