/** @module relay/agent/App — the session gate: asks the relay who is logged in, then shows the login form or the console. */
import { useEffect, useState } from 'preact/hooks'
import { fetchMe, type Agent } from './api.js'
import { Console } from './Console.js'
import { Login } from './Login.js'

type Phase = { name: 'checking' } | { name: 'login'; note?: string } | { name: 'console'; agent: Agent }

export function App() {
  const [phase, setPhase] = useState<Phase>({ name: 'checking' })

  useEffect(() => {
    fetchMe().then(
      (agent) => setPhase(agent ? { name: 'console', agent } : { name: 'login' }),
      () => setPhase({ name: 'login', note: 'Could not reach the relay. Log in once it is back.' }),
    )
  }, [])

  const toLogin = () => setPhase({ name: 'login' })

  if (phase.name === 'checking') return <p class="loading">Loading…</p>
  if (phase.name === 'login') return <Login note={phase.note} onLoggedIn={(agent) => setPhase({ name: 'console', agent })} />
  return <Console agent={phase.agent} onLoggedOut={toLogin} />
}
