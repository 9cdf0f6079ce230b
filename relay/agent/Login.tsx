/** @module relay/agent/Login — the operator login form; shows the relay's own refusal message. */
import { useState } from 'preact/hooks'
import { login, type Agent } from './api.js'

export function Login({ note, onLoggedIn }: { note?: string | undefined; onLoggedIn(agent: Agent): void }) {
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState(note ?? '')
  const [busy, setBusy] = useState(false)

  async function submit(event: Event): Promise<void> {
    event.preventDefault()
    setBusy(true)
    setError('')
    const result = await login(name, password)
    setBusy(false)
    if (result.ok) onLoggedIn(result.agent)
    else setError(result.message)
  }

  return (
    <main class="login">
      <form class="login-form" onSubmit={submit}>
        <h1>Parley — agent</h1>
        <label>
          <span>Login</span>
          <input name="login" autocomplete="username" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          <span>Password</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Log in
        </button>
      </form>
    </main>
  )
}
