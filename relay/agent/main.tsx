/** @module relay/agent/main — the agent page's entry: mounts the app into the shell's #app. */
import { render } from 'preact'
import { App } from './App.js'
import './agent.css'

const root = document.getElementById('app')
if (root) render(<App />, root)
