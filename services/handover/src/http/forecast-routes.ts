/** The handover forecast of a PDU, as JSON or CSV. */
import { calendarDateSchema, deliusCodeSchema } from '@omic/contracts'
import { forbidden, hasRole, json, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import { forecastCsv } from '../model/forecast'
import { forecast } from '../use-cases/queries'
import { route } from './errors'

export const forecastRoute = route(
  {
    query: z.object({
      pdu: deliusCodeSchema,
      from: calendarDateSchema.optional(),
      months: z.coerce.number().int().min(1).max(36).default(12),
      format: z.enum(['json', 'csv']).optional(),
    }),
  },
  async ({ query, principal, headers }) => {
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
  },
)
