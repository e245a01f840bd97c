import {
  addDays,
  addYears,
  ageOn,
  COM_ALLOCATION_OVERDUE_LIST_DAYS,
  type HandoverCaseInput,
  handoverTransitions,
  type IsoDate,
  minDate,
  OMIC_MINIMUM_AGE,
  OMIC_POLICY_REASON,
} from '@omic/domain'
import type { Calculation, CaseRecord } from '../records'
import { nextPlanDate, type ReminderFacts, reminderPlans } from '../reminders'
import type { ReconcileContext, ServiceOptions } from './context'

/** The earliest future day on which something about the case changes by itself (the sweep's due index). */
export function nextDueDate(
  record: CaseRecord,
  calc: Calculation,
  caseInput: HandoverCaseInput | null,
  facts: ReminderFacts | null,
  ctx: ReconcileContext,
  options: ServiceOptions,
): IsoDate | null {
  const { today } = ctx
  const dates: (IsoDate | null)[] = []
  if (calc.status === 'calculated') {
    if (caseInput) {
      const transitions = handoverTransitions(caseInput, today, {
        ...options.handover,
        upcomingWindowDays: options.upcomingWindowDays,
      })
      // the early allocation window matters only with an assessment to redo: the reminder plan schedules that
      dates.push(...transitions.filter(t => t.kind !== 'early_allocation_window_entry').map(t => t.date))
    }
    if (calc.handoverDate !== null) dates.push(addDays(calc.handoverDate, COM_ALLOCATION_OVERDUE_LIST_DAYS))
    if (facts) for (const plan of reminderPlans(facts)) dates.push(nextPlanDate(plan, facts))
  }
  if (calc.status === 'out_of_policy' && calc.policyReason === OMIC_POLICY_REASON.under18 && record.prisoner) {
    const dob = record.prisoner.snapshot.dateOfBirth
    const birthday = addYears(dob, OMIC_MINIMUM_AGE)
    // a 29 February birthday clamps to 28 February, when the prisoner is still 17
    dates.push(ageOn(dob, birthday) < OMIC_MINIMUM_AGE ? addDays(birthday, 1) : birthday)
  }
  const led = record.prisoner?.snapshot.licenceExpiryDate ?? null
  if (calc.earlyAllocationActive && led !== null) dates.push(addDays(led, 1))
  return minDate(...dates.filter((d): d is IsoDate => d !== null && d > today))
}
