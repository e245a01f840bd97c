import { describe, expect, it } from 'vitest'
import { type ChecklistInput, handoverChecklist, SIMPLIFIED_HANDOVER_CUTOFF_DATE } from '../../src/handover'

const none = { reviewedOasys: false, contactedCom: false, attendedHandoverMeeting: false, sentHandoverReport: false }
const base: ChecklistInput = {
  handoverType: 'enhanced',
  handoverDate: '2026-08-31',
  simplifiedEnhancedHandoverEnabled: true,
  simplifiedHandoverCutoffDate: SIMPLIFIED_HANDOVER_CUTOFF_DATE,
  taskStates: none,
}
const check = (o: Partial<ChecklistInput>) => handoverChecklist({ ...base, ...o })

describe('handover checklist tasks (handover.md §i)', () => {
  it('the simplified-handover cutoff defaults to 2026-09-01', () => {
    expect(SIMPLIFIED_HANDOVER_CUTOFF_DATE).toBe('2026-09-01')
  })

  it('not enhanced (standard, none, missing): contact from COM and send handover report', () => {
    for (const handoverType of ['standard', 'none', 'missing'] as const) {
      expect(check({ handoverType, handoverDate: '2027-01-01' })).toMatchObject({
        tasks: ['contactedCom', 'sentHandoverReport'],
        totalCount: 2,
        reason: 'standard_tasks',
      })
    }
  })

  it('enhanced before the cutoff: three tasks including the handover meeting', () => {
    expect(check({})).toMatchObject({
      tasks: ['attendedHandoverMeeting', 'contactedCom', 'reviewedOasys'],
      totalCount: 3,
      reason: 'enhanced_tasks',
    })
  })

  it('simplified enhanced handover from 2026-09-01: review OASys and contact from COM only', () => {
    expect(check({ handoverDate: '2026-09-01' })).toMatchObject({
      tasks: ['contactedCom', 'reviewedOasys'],
      totalCount: 2,
      reason: 'simplified_enhanced_tasks',
    })
  })

  it('enhanced with the flag off, or no handover date: three tasks', () => {
    expect(check({ handoverDate: '2027-01-01', simplifiedEnhancedHandoverEnabled: false }).totalCount).toBe(3)
    const r = check({ handoverDate: null })
    expect(r.totalCount).toBe(3)
    expect(r.trace[0]?.explanation).toContain('no handover date')
  })

  it('progress counts only permitted tasks; complete when all are done', () => {
    const pre = check({ taskStates: { ...none, attendedHandoverMeeting: true, sentHandoverReport: true } })
    expect(pre).toMatchObject({ completedCount: 1, totalCount: 3, complete: false })
    const post = check({ handoverDate: '2026-09-01', taskStates: { ...none, reviewedOasys: true, contactedCom: true } })
    expect(post).toMatchObject({ completedCount: 2, totalCount: 2, complete: true })
  })
})
