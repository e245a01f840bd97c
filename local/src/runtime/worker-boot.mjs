// Runs one Lambda function inside a worker thread: TypeScript through tsx, then the handler export.

import { pathToFileURL } from 'node:url'
import { parentPort, workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const mod = await import(pathToFileURL(workerData.entryPath).href)
const handler = mod[workerData.handlerExport]
if (typeof handler !== 'function') {
  throw new Error(`${workerData.entryPath} does not export a function named ${workerData.handlerExport}`)
}

parentPort.on('message', async message => {
  if (message.type !== 'invoke') return
  const { id, event, context } = message
  const fullContext = {
    ...context,
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, context.deadlineMs - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  }
  try {
    const value = await handler(event, fullContext)
    parentPort.postMessage({ type: 'result', id, ok: true, value: value === undefined ? null : value })
  } catch (error) {
    parentPort.postMessage({
      type: 'result',
      id,
      ok: false,
      error: { name: error?.name ?? 'Error', message: String(error?.message ?? error), stack: error?.stack },
    })
  }
})
parentPort.postMessage({ type: 'ready' })
