/** @module relay/agent/Console — the logged-in page: header, conversation list, chat tabs, visitor card, and the dialogs. */
import { useEffect, useMemo, useState } from 'preact/hooks'
import { fetchCanned, fetchMe, logout, type Agent, type CannedAnswer } from './api.js'
import { CannedDialog } from './CannedDialog.js'
import { ChatPane } from './ChatPane.js'
import { ChatTabs } from './ChatTabs.js'
import { accessOf, pendingIn, shownMessages, totalUnread, typingEndsAt, type Access } from './console-views.js'
import { ConversationList } from './ConversationList.js'
import { KbDialog } from './KbDialog.js'
import { knownSites } from './kb-dialog-model.js'
import { RatingsDialog } from './RatingsDialog.js'
import { TITLE, TopBar } from './TopBar.js'
import { TransferDialog } from './TransferDialog.js'
import { useConsole } from './use-console.js'
import { VisitorCard } from './VisitorCard.js'
import { WebhooksDialog } from './WebhooksDialog.js'

type Dialog = { kind: 'canned' } | { kind: 'ratings' } | { kind: 'kb' } | { kind: 'webhooks' } | { kind: 'transfer'; conv: string } | null

const NO_ACCESS: Access = { write: false, handle: false, note: null }

export function Console({ agent, onLoggedOut }: { agent: Agent; onLoggedOut(): void }) {
  const api = useConsole(onLoggedOut)
  const { state, link } = api
  const me = state.me ?? agent
  // The login answer does not say whether this is a supervisor; /me does.
  const [role, setRole] = useState(agent.role)
  const [canned, setCanned] = useState<CannedAnswer[]>([])
  const [dialog, setDialog] = useState<Dialog>(null)
  const unread = totalUnread(state)

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${TITLE}` : TITLE
  }, [unread])
  useEffect(
    () => () => {
      document.title = TITLE // the login form has nothing unread
    },
    [],
  )

  const loadCanned = () => fetchCanned().then(setCanned)
  useEffect(() => {
    if (role === undefined) fetchMe().then((found) => found && setRole(found.role), () => {})
    // Without canned answers the composer still works; the panel shows the error when opened.
    loadCanned().catch(() => {})
  }, [])

  async function logOut(): Promise<void> {
    try {
      await logout()
      onLoggedOut()
    } catch (err) {
      // Staying put is the honest answer: the session may still be alive on the relay.
      api.notify(`Could not log out: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  function closeDialog(): void {
    if (dialog?.kind === 'transfer') api.transferDone()
    setDialog(null)
  }

  const supervisor = role === 'supervisor'
  const focused = state.focused
  const conversation = focused ? state.conversations.get(focused) : undefined
  const chat = focused ? state.chats.get(focused) : undefined
  const access = conversation ? accessOf(conversation, me.id, supervisor) : NO_ACCESS
  const transferring = dialog?.kind === 'transfer' ? state.conversations.get(dialog.conv) : undefined
  const sites = useMemo(() => knownSites([...state.conversations.values()].map((c) => c.site)), [state.conversations])

  return (
    <div class="console">
      <TopBar
        name={me.name}
        status={state.status}
        link={link}
        onStatus={api.setStatus}
        onCanned={() => {
          loadCanned().catch(() => {})
          setDialog({ kind: 'canned' })
        }}
        onRatings={() => setDialog({ kind: 'ratings' })}
        onKb={supervisor ? () => setDialog({ kind: 'kb' }) : undefined}
        onWebhooks={supervisor ? () => setDialog({ kind: 'webhooks' }) : undefined}
        onLogOut={logOut}
      />
      {state.notice && (
        <div class="notice" role="alert">
          <span>{state.notice}</span>
          <button type="button" onClick={api.dismiss}>
            Dismiss
          </button>
        </div>
      )}
      <div class="columns">
        <ConversationList state={state} onOpen={api.open} onTake={api.take} />
        <ChatTabs state={state} onFocus={api.focus} onCloseTab={api.closeTab}>
          {focused && chat && (
            <ChatPane
              key={focused}
              conversation={conversation}
              chat={chat}
              messages={shownMessages(state, focused)}
              pending={pendingIn(state, focused)}
              myName={me.name}
              access={access}
              typingUntil={typingEndsAt(state, focused)}
              canned={canned}
              onDraft={(text) => api.draft(focused, text)}
              onSend={(text) => api.send(focused, text)}
              onTyping={(on) => api.typing(focused, on)}
              onTake={() => api.take(focused)}
              onTransfer={() => setDialog({ kind: 'transfer', conv: focused })}
              onClose={() => api.closeChat(focused)}
            />
          )}
        </ChatTabs>
        <VisitorCard
          visitor={chat?.visitor ?? null}
          conversation={conversation}
          earlier={chat?.earlier ?? []}
          opened={focused !== null}
          onOpenEarlier={api.open}
        />
      </div>
      {dialog?.kind === 'canned' && <CannedDialog answers={canned} onChanged={loadCanned} onClose={closeDialog} />}
      {dialog?.kind === 'ratings' && <RatingsDialog onClose={closeDialog} />}
      {dialog?.kind === 'kb' && supervisor && <KbDialog sites={sites} onClose={closeDialog} />}
      {dialog?.kind === 'webhooks' && supervisor && <WebhooksDialog sites={sites} onClose={closeDialog} />}
      {transferring && (
        <TransferDialog
          conversation={transferring}
          agents={state.agents}
          me={me.id}
          request={state.transfer}
          onTransfer={(target, note) => api.transfer(transferring.id, target, note)}
          onClose={closeDialog}
        />
      )}
    </div>
  )
}
