// Runs one Lambda function inside a worker thread: TypeScript through tsx, then the handler export.

import { AsyncLocalStorage } from 'node:async_hooks'
import diagnostics from 'node:diagnostics_channel'
import { pathToFileURL } from 'node:url'
import { parentPort, workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

// 128 + SIGKILL: the host reports the invocation as `Runtime exited with error: signal: killed`
const KILLED_EXIT_CODE = 137

/** The invocation whose code is running, for faults armed against it (`FunctionHost.killDuring`). */
const invocation = new AsyncLocalStorage()

/** Ends this worker thread at once, as a killed Lambda runtime process: nothing after this line runs. */
function die(state, phase) {
  parentPort.postMessage({ type: 'killed', id: state.id, requestsMade: state.requests, phase })
  process.exit(KILLED_EXIT_CODE)
}

/** Counts the outbound HTTP requests of an invocation with an armed kill, and ends the worker before the next. */
function onRequestStart() {
  const state = invocation.getStore()
  if (!state?.fault) return
  if (state.requests >= state.fault.exitAfterRequests) die(state, 'mid-handler')
  state.requests++
}
diagnostics.subscribe('http.client.request.start', onRequestStart)
diagnostics.subscribe('undici:request:create', onRequestStart)

register()
const mod = await import(pathToFileURL(workerData.entryPath).href)
const handler = mod[workerData.handlerExport]
if (typeof handler !== 'function') {
  throw new Error(`${workerData.entryPath} does not export a function named ${workerData.handlerExport}`)
}

parentPort.on('message', async message => {
  if (message.type !== 'invoke') return
  const { id, event, context, fault } = message
  const fullContext = {
    ...context,
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, context.deadlineMs - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  }
  const state = { id, fault, requests: 0 }
  let reply
  try {
    const value = await invocation.run(state, () => handler(event, fullContext))
    reply = { type: 'result', id, ok: true, value: value === undefined ? null : value }
  } catch (error) {
    reply = {
      type: 'result',
      id,
      ok: false,
      error: { name: error?.name ?? 'Error', message: String(error?.message ?? error), stack: error?.stack },
    }
  }
  // an armed kill the handler never reached a request for: the process dies before its result is sent
  if (fault) die(state, 'after-handler')
  parentPort.postMessage(reply)
})
parentPort.postMessage({ type: 'ready' })
