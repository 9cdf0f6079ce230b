/** @module relay/agent/css — lets TypeScript accept `import './agent.css'`, which esbuild turns into the page's stylesheet. */
declare module '*.css'
