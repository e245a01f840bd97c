/** Handover progress checklist: which tasks count, and progress (handover.md §i; CONFORMANCE.md §5.1). */
import { z } from 'zod'
import { type IsoDate, isOnOrAfter, isoDateSchema } from '../shared/dates'
import { HANDOVER_TYPE, type HandoverType } from './handover-type'
import type { HandoverExplained } from './types'

export const CHECKLIST_TASK = {
  reviewedOasys: 'reviewedOasys',
  contactedCom: 'contactedCom',
  attendedHandoverMeeting: 'attendedHandoverMeeting',
  sentHandoverReport: 'sentHandoverReport',
} as const
export type ChecklistTask = (typeof CHECKLIST_TASK)[keyof typeof CHECKLIST_TASK]

/** Labels shown to the POM. */
export const CHECKLIST_TASK_LABEL: Readonly<Record<ChecklistTask, string>> = {
  reviewedOasys: 'Review the last OASys assessment',
  contactedCom: 'Have contact from COM',
  attendedHandoverMeeting: 'Attend handover meeting',
  sentHandoverReport: 'Send handover report',
}

/** From this handover date on, an enhanced handover has only two tasks (when the feature is on). */
export const SIMPLIFIED_HANDOVER_CUTOFF_DATE = '2026-09-01'

export const checklistInputSchema = z.object({
  handoverType: z.enum(HANDOVER_TYPE),
  handoverDate: isoDateSchema.nullable().default(null),
  simplifiedEnhancedHandoverEnabled: z.boolean(),
  simplifiedHandoverCutoffDate: isoDateSchema.default(SIMPLIFIED_HANDOVER_CUTOFF_DATE),
  taskStates: z.object({
    reviewedOasys: z.boolean(),
    contactedCom: z.boolean(),
    attendedHandoverMeeting: z.boolean(),
    sentHandoverReport: z.boolean(),
  }),
})
export type ChecklistInput = z.output<typeof checklistInputSchema>

export const CHECKLIST_REASON = {
  standardTasks: 'standard_tasks',
  simplifiedEnhancedTasks: 'simplified_enhanced_tasks',
  enhancedTasks: 'enhanced_tasks',
} as const
export type ChecklistReason = (typeof CHECKLIST_REASON)[keyof typeof CHECKLIST_REASON]

export interface ChecklistResult extends HandoverExplained<ChecklistReason> {
  /** The tasks that count, sorted ascending. */
  tasks: ChecklistTask[]
  completedCount: number
  totalCount: number
  complete: boolean
}

/** Which tasks count for a handover type and date. */
export function checklistTasksFor(
  handoverType: HandoverType,
  handoverDate: IsoDate | null,
  simplifiedEnhancedHandoverEnabled: boolean,
  cutoff: IsoDate = SIMPLIFIED_HANDOVER_CUTOFF_DATE,
): { tasks: ChecklistTask[]; reason: ChecklistReason; explanation: string } {
  if (handoverType !== HANDOVER_TYPE.enhanced) {
    return {
      tasks: [CHECKLIST_TASK.contactedCom, CHECKLIST_TASK.sentHandoverReport],
      reason: CHECKLIST_REASON.standardTasks,
      explanation: `handover type ${handoverType} (not enhanced): contact from COM and send handover report`,
    }
  }
  if (simplifiedEnhancedHandoverEnabled && handoverDate !== null && isOnOrAfter(handoverDate, cutoff)) {
    return {
      tasks: [CHECKLIST_TASK.contactedCom, CHECKLIST_TASK.reviewedOasys],
      reason: CHECKLIST_REASON.simplifiedEnhancedTasks,
      explanation: `enhanced handover on ${handoverDate}, on or after the simplified-handover cutoff ${cutoff}: review OASys and contact from COM (no handover meeting)`,
    }
  }
  const why = !simplifiedEnhancedHandoverEnabled
    ? 'simplified enhanced handover is switched off'
    : handoverDate === null
      ? 'no handover date'
      : `handover date ${handoverDate} is before the cutoff ${cutoff}`
  return {
    tasks: [CHECKLIST_TASK.attendedHandoverMeeting, CHECKLIST_TASK.contactedCom, CHECKLIST_TASK.reviewedOasys],
    reason: CHECKLIST_REASON.enhancedTasks,
    explanation: `enhanced handover (${why}): review OASys, contact from COM and attend the handover meeting`,
  }
}

/** Progress = permitted tasks that are done / permitted tasks; complete when every permitted task is done. */
export function handoverChecklist(input: ChecklistInput): ChecklistResult {
  const chosen = checklistTasksFor(
    input.handoverType,
    input.handoverDate,
    input.simplifiedEnhancedHandoverEnabled,
    input.simplifiedHandoverCutoffDate,
  )
  const tasks = [...chosen.tasks].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const done = tasks.filter(t => input.taskStates[t])
  const completedCount = done.length
  const totalCount = tasks.length
  return {
    tasks,
    completedCount,
    totalCount,
    complete: completedCount === totalCount,
    reason: chosen.reason,
    trace: [
      {
        rule: `handover.checklist.${chosen.reason}`,
        explanation: chosen.explanation,
        inputs: {
          handoverType: input.handoverType,
          handoverDate: input.handoverDate,
          simplifiedEnhancedHandoverEnabled: input.simplifiedEnhancedHandoverEnabled,
          simplifiedHandoverCutoffDate: input.simplifiedHandoverCutoffDate,
        },
      },
      {
        rule: 'handover.checklist.progress',
        explanation: `${completedCount} of ${totalCount} tasks done${done.length > 0 ? ` (${done.join(', ')})` : ''}; other ticked tasks do not count`,
        inputs: { taskStates: { ...input.taskStates } },
      },
    ],
  }
}
