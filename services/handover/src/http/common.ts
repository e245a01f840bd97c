/** Shared pieces of the handover routes: path schemas, the version the client read, the ETag, the case reply. */
import { nomsNumberSchema } from '@omic/contracts'
import { badRequest, type HttpRequest, json, type Reply } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import type { CaseRecord } from '../model/records'
import { handoverView } from '../model/views'
import { HISTORY_SHOWN } from '../use-cases/queries'

export const nomsPath = z.object({ nomsNumber: nomsNumberSchema })
export const assessmentPath = z.object({ nomsNumber: nomsNumberSchema, assessmentId: z.string().min(1).max(64) })
/** The version the client read, in the body (or If-Match). */
export const version = z.number().int().nonnegative().optional()

export const etag = (v: number) => ({ etag: `"${v}"` })

/** The version the client read: `If-Match: "3"` (or W/"3") and/or `version` in the body; they must agree. */
export function expectedVersion(headers: HttpRequest<unknown, unknown, unknown>['headers'], bodyVersion?: number) {
  const raw = headers['if-match']
  let header: number | undefined
  if (raw !== undefined && raw !== '*') {
    const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(raw.trim())
    if (!m) throw badRequest([{ field: 'header.if-match', reason: 'must be the ETag of the case, e.g. "3"' }])
    header = Number(m[1])
  }
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw badRequest([{ field: 'body.version', reason: 'differs from the If-Match header' }])
  }
  return header ?? bodyVersion
}

/** The case as `GET /handovers/{nomsNumber}` shows it, with its recent history and its ETag. */
export async function handoverReply(record: CaseRecord, status = 200): Promise<Reply> {
  const history = await deps.store.history(record.nomsNumber, HISTORY_SHOWN)
  return json(handoverView(record, history), status, etag(record.version))
}
