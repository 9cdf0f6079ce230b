/** @module protocol — the wire protocol shared by widget, agent page and relay. */
export * from './codes.js'
export * from './frames.js'
export * from './limits.js'
export * from './validate.js'
export * from './rest.js'
export * from './kb.js'
export * from './kb-validate.js'
export * from './webhooks.js'
