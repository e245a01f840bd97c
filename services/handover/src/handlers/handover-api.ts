import { calendarDateSchema, deliusCodeSchema, nomsNumberSchema, prisonIdSchema } from '@omic/contracts'
import { earlyAllocationAnswersSchema } from '@omic/domain'
import {
  badRequest,
  conflict,
  deadLetterRoutes,
  forbidden,
  type HttpRequest,
  hasRole,
  httpHandler,
  httpRouter,
  json,
  notFound,
  type Reply,
  readSarRequest,
  requirePrison,
  requireRole,
  sarQuery,
} from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import {
  AccessDeniedError,
  CaseNotFoundError,
  RuleRejectedError,
  StaleVersionError,
  StateConflictError,
  VersionConflictError,
} from '../errors'
import { forecastCsv } from '../model/forecast'
import { CASE_LISTS, type CaseRecord, OVERRIDE_REASONS } from '../model/records'
import {
  apiHandoverView,
  apiOffenderView,
  assessmentView,
  checklistView,
  handoverView,
  listItemView,
} from '../model/views'
import {
  checklistFor,
  createEarlyAllocation,
  decideEarlyAllocation,
  overrideResponsibility,
  readChecklist,
  removeOverride,
  updateChecklist,
  updateEarlyAllocation,
} from '../use-cases/manage-handover'
import {
  apiCase,
  forecast,
  getHandover,
  getTimeline,
  HISTORY_SHOWN,
  listHandovers,
  subjectAccess,
} from '../use-cases/queries'
import { pipeline } from './on-case-event'

/** Domain failures → HTTP, once, here. */
async function mapped(work: () => Promise<Reply>): Promise<Reply> {
  try {
    return await work()
  } catch (e) {
    if (e instanceof CaseNotFoundError) throw notFound(e.message)
    if (e instanceof AccessDeniedError) throw forbidden(e.message)
    if (e instanceof RuleRejectedError) throw badRequest([{ field: e.field, reason: e.reason }])
    if (e instanceof StaleVersionError || e instanceof StateConflictError) throw conflict(e.message)
    if (e instanceof VersionConflictError) throw conflict()
    throw e
  }
}

const etag = (version: number) => ({ etag: `"${version}"` })

/** The version the client read: `If-Match: "3"` (or W/"3") and/or `version` in the body; they must agree. */
function expectedVersion(headers: HttpRequest<unknown, unknown, unknown>['headers'], bodyVersion?: number) {
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

const nomsPath = z.object({ nomsNumber: nomsNumberSchema })
const version = z.number().int().nonnegative().optional()

async function handoverReply(record: CaseRecord, status = 200): Promise<Reply> {
  const history = await deps.store.history(record.nomsNumber, HISTORY_SHOWN)
  return json(handoverView(record, history), status, etag(record.version))
}

const getCase = httpHandler({ path: nomsPath }, ({ path, principal }) =>
  mapped(async () => {
    requireRole(principal, 'SPO', 'POM', 'COM')
    const { record, history } = await getHandover(deps, principal, path.nomsNumber)
    return json(handoverView(record, history), 200, etag(record.version))
  }),
)

const getCaseTimeline = httpHandler({ path: nomsPath }, ({ path, principal }) =>
  mapped(async () => {
    requireRole(principal, 'SPO', 'POM', 'COM')
    return json(await getTimeline(deps, principal, path.nomsNumber))
  }),
)

const listCases = httpHandler(
  {
    path: z.object({ prisonId: prisonIdSchema }),
    query: z.object({
      list: z.enum(CASE_LISTS),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(2000).optional(),
    }),
  },
  ({ path, query, principal }) =>
    mapped(async () => {
      requireRole(principal, 'SPO', 'POM')
      requirePrison(principal, path.prisonId)
      const page = await listHandovers(deps, path.prisonId, query.list, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      })
      return json({
        prisonId: path.prisonId,
        list: query.list,
        items: page.items.map(listItemView),
        next: page.cursor ?? null,
      })
    }),
)

const overrideBody = z
  .object({
    reason: z.enum(OVERRIDE_REASONS),
    reasonText: z.string().trim().min(1).max(500).nullable().optional(),
    message: z.string().trim().max(2000).nullable().optional(),
    version,
  })
  .superRefine((b, ctx) => {
    if (b.reason === 'other_reason' && !b.reasonText) {
      ctx.addIssue({ code: 'custom', path: ['reasonText'], message: 'is required when the reason is other_reason' })
    }
  })

const createOverride = httpHandler({ path: nomsPath, body: overrideBody }, ({ path, body, principal, headers }) =>
  mapped(async () => {
    requireRole(principal, 'SPO')
    const { record } = await overrideResponsibility(deps, principal, path.nomsNumber, {
      reason: body.reason,
      reasonText: body.reasonText ?? null,
      message: body.message ?? null,
      version: expectedVersion(headers, body.version),
    })
    return handoverReply(record)
  }),
)

const deleteOverride = httpHandler(
  { path: nomsPath, body: z.object({ reasonText: z.string().trim().min(1).max(500), version }) },
  ({ path, body, principal, headers }) =>
    mapped(async () => {
      requireRole(principal, 'SPO')
      const { record } = await removeOverride(deps, principal, path.nomsNumber, {
        reasonText: body.reasonText,
        version: expectedVersion(headers, body.version),
      })
      return handoverReply(record)
    }),
)

const getChecklist = httpHandler({ path: nomsPath }, ({ path, principal }) =>
  mapped(async () => {
    requireRole(principal, 'POM')
    const { record, result, editable } = await readChecklist(deps, principal, path.nomsNumber)
    return json(checklistView(record.checklist, result, editable, record.version), 200, etag(record.version))
  }),
)

const task = z.boolean().optional()
const putChecklist = httpHandler(
  {
    path: nomsPath,
    body: z
      .object({
        reviewedOasys: task,
        contactedCom: task,
        attendedHandoverMeeting: task,
        sentHandoverReport: task,
        version,
      })
      .refine(b => Object.keys(b).some(k => k !== 'version'), { message: 'must change at least one task' }),
  },
  ({ path, body, principal, headers }) =>
    mapped(async () => {
      requireRole(principal, 'POM')
      const { version: v, ...change } = body
      const { record } = await updateChecklist(deps, principal, path.nomsNumber, change, expectedVersion(headers, v))
      const { result, editable } = checklistFor(record, deps.options.simplifiedEnhancedHandover)
      return json(checklistView(record.checklist, result, editable, record.version), 200, etag(record.version))
    }),
)

const assessmentBody = z.object({
  oasysRiskAssessmentDate: calendarDateSchema,
  answers: earlyAllocationAnswersSchema,
  reason: z.string().trim().min(1).max(2000).nullable().optional(),
  approved: z.boolean().nullable().optional(),
  version,
})
type AssessmentBody = z.infer<typeof assessmentBody>
const assessmentRequest = (body: AssessmentBody, headers: HttpRequest<unknown, unknown, unknown>['headers']) => ({
  oasysRiskAssessmentDate: body.oasysRiskAssessmentDate,
  answers: body.answers,
  reason: body.reason ?? null,
  approved: body.approved ?? null,
  version: expectedVersion(headers, body.version),
})

const postAssessment = httpHandler({ path: nomsPath, body: assessmentBody }, ({ path, body, principal, headers }) =>
  mapped(async () => {
    requireRole(principal, 'POM', 'SPO')
    const created = await createEarlyAllocation(deps, principal, path.nomsNumber, assessmentRequest(body, headers))
    const history = await deps.store.history(path.nomsNumber, HISTORY_SHOWN)
    return json(
      {
        assessment: assessmentView(created.assessment),
        action: created.action,
        handover: handoverView(created.record, history),
      },
      201,
      etag(created.record.version),
    )
  }),
)

const assessmentPath = z.object({ nomsNumber: nomsNumberSchema, assessmentId: z.string().min(1).max(64) })

const putAssessment = httpHandler(
  { path: assessmentPath, body: assessmentBody },
  ({ path, body, principal, headers }) =>
    mapped(async () => {
      requireRole(principal, 'POM', 'SPO')
      const updated = await updateEarlyAllocation(
        deps,
        principal,
        path.nomsNumber,
        path.assessmentId,
        assessmentRequest(body, headers),
      )
      const history = await deps.store.history(path.nomsNumber, HISTORY_SHOWN)
      return json(
        { assessment: assessmentView(updated.assessment), handover: handoverView(updated.record, history) },
        200,
        etag(updated.record.version),
      )
    }),
)

const putDecision = httpHandler(
  { path: assessmentPath, body: z.object({ communityDecision: z.boolean(), version }) },
  ({ path, body, principal, headers }) =>
    mapped(async () => {
      requireRole(principal, 'POM', 'SPO')
      const decided = await decideEarlyAllocation(deps, principal, path.nomsNumber, path.assessmentId, {
        communityDecision: body.communityDecision,
        version: expectedVersion(headers, body.version),
      })
      const history = await deps.store.history(path.nomsNumber, HISTORY_SHOWN)
      return json(
        { assessment: assessmentView(decided.assessment), handover: handoverView(decided.record, history) },
        200,
        etag(decided.record.version),
      )
    }),
)

const getForecast = httpHandler(
  {
    query: z.object({
      pdu: deliusCodeSchema,
      from: calendarDateSchema.optional(),
      months: z.coerce.number().int().min(1).max(36).default(12),
      format: z.enum(['json', 'csv']).optional(),
    }),
  },
  ({ query, principal, headers }) =>
    mapped(async () => {
      requireRole(principal, 'SPO', 'COM')
      if (!hasRole(principal, 'ADMIN') && !principal.pdus.includes('*') && !principal.pdus.includes(query.pdu)) {
        throw forbidden(`No access to PDU ${query.pdu}`)
      }
      const result = await forecast(deps, query.pdu, query.from, query.months)
      const csv = query.format === 'csv' || (query.format === undefined && /text\/csv/.test(headers.accept ?? ''))
      if (!csv) return json(result)
      return {
        text: forecastCsv(result),
        contentType: 'text/csv; charset=utf-8',
        headers: { 'content-disposition': `attachment; filename="handover-forecast-${query.pdu}-${result.from}.csv"` },
      }
    }),
)

// ---------------------------------------------------------------------------------------------------------------
// The anchor's JSON API (allocation.md §7) for consumers that call it today: same paths under /api, same fields

const apiNotFound = () => json({ status: 'error', message: 'Not found' }, 404)

const getApiHandover = httpHandler({ path: nomsPath }, ({ path, principal }) =>
  mapped(async () => {
    requireRole(principal, 'SPO', 'POM', 'COM')
    const record = await apiCase(deps, principal, path.nomsNumber)
    const view = record && apiHandoverView(record)
    return view ? json(view) : apiNotFound()
  }),
)

const getApiOffender = httpHandler({ path: nomsPath }, ({ path, principal }) =>
  mapped(async () => {
    requireRole(principal, 'SPO', 'POM', 'COM')
    const record = await apiCase(deps, principal, path.nomsNumber)
    const view = record && apiOffenderView(record)
    return view ? json(view) : apiNotFound()
  }),
)

// ---------------------------------------------------------------------------------------------------------------
// Subject access request (allocation.md §10): lambda-kit's reader gives the HMPPS SAR service's codes and bodies

const getSubjectAccess = httpHandler({ query: sarQuery }, async ({ principal, query }) => {
  const request = readSarRequest(principal, query)
  if (request.reply) return request.reply
  const content = await subjectAccess(deps, request.nomsNumber, request.window)
  return content === null ? json(undefined, 204) : json({ content })
})

export const handler = httpRouter({
  'GET /handovers/subject-access-request': getSubjectAccess,
  'GET /api/handovers/{nomsNumber}': getApiHandover,
  'GET /api/offenders/{nomsNumber}': getApiOffender,
  'GET /handovers/{nomsNumber}': getCase,
  'GET /handovers/{nomsNumber}/timeline': getCaseTimeline,
  'GET /prisons/{prisonId}/handovers': listCases,
  'PUT /handovers/{nomsNumber}/override': createOverride,
  'DELETE /handovers/{nomsNumber}/override': deleteOverride,
  'GET /handovers/{nomsNumber}/checklist': getChecklist,
  'PUT /handovers/{nomsNumber}/checklist': putChecklist,
  'POST /handovers/{nomsNumber}/early-allocations': postAssessment,
  'PUT /handovers/{nomsNumber}/early-allocations/{assessmentId}': putAssessment,
  'PUT /handovers/{nomsNumber}/early-allocations/{assessmentId}/community-decision': putDecision,
  'GET /forecast': getForecast,
  ...deadLetterRoutes('handover', pipeline),
})
