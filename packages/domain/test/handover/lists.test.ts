import { describe, expect, it } from 'vitest'
import { type HandoverListsInput, handoverLists } from '../../src/handover'

const base: HandoverListsInput = {
  responsibility: 'CustodyOnly',
  handoverDate: '2022-12-01',
  comName: null,
  comEmail: null,
  upcomingWindowDays: 56,
}
const lists = (o: Partial<HandoverListsInput>, today: string) => handoverLists({ ...base, ...o }, today)

describe('handover lists (handover.md §i)', () => {
  it('upcoming: CustodyOnly, handover − 56 days ≤ today < handover, no COM name', () => {
    expect(lists({}, '2022-10-06')).toMatchObject({
      upcoming: true,
      inProgress: false,
      reason: 'upcoming',
      daysOverdue: -56,
    })
    expect(lists({}, '2022-10-05').upcoming).toBe(false)
    expect(lists({}, '2022-11-30').upcoming).toBe(true)
    expect(lists({}, '2022-12-01').upcoming).toBe(false)
  })

  it('in progress: Community with a handover date, or the upcoming window with a COM name', () => {
    expect(lists({ responsibility: 'Community' }, '2022-12-01')).toMatchObject({
      inProgress: true,
      reason: 'in_progress',
    })
    expect(lists({ comName: 'Jane Com' }, '2022-11-21')).toMatchObject({ upcoming: false, inProgress: true })
  })

  it('CustodyWithCom is in neither list (anchor quirk j.3, kept)', () => {
    const r = lists({ responsibility: 'CustodyWithCom' }, '2022-11-21')
    expect(r).toMatchObject({ upcoming: false, inProgress: false, reason: 'none' })
    expect(r.trace[1]?.explanation).toContain('j.3')
  })

  it('COM allocation overdue: Community, no COM name or email, from handover + 2 days', () => {
    const community = { responsibility: 'Community' as const, handoverDate: '2022-11-19' }
    expect(lists(community, '2022-11-21')).toMatchObject({ comAllocationOverdue: true, daysOverdue: 2 })
    expect(lists(community, '2022-11-20')).toMatchObject({ comAllocationOverdue: false, daysOverdue: 1 })
    expect(lists({ ...community, comEmail: 'com@example.org' }, '2022-11-21').comAllocationOverdue).toBe(false)
    expect(lists({ ...community, comName: 'Jane Com' }, '2022-11-21').comAllocationOverdue).toBe(false)
  })

  it('a blank COM name counts as no COM', () => {
    expect(
      lists({ responsibility: 'Community', handoverDate: '2022-11-01', comName: '  ' }, '2022-11-21')
        .comAllocationOverdue,
    ).toBe(true)
  })

  it('no handover date: in no list, days overdue null', () => {
    expect(lists({ responsibility: 'Community', handoverDate: null }, '2022-11-21')).toEqual(
      expect.objectContaining({ upcoming: false, inProgress: false, comAllocationOverdue: false, daysOverdue: null }),
    )
  })

  it('days overdue across a year end', () => {
    expect(lists({ responsibility: 'Community', handoverDate: '2021-12-30' }, '2022-01-01').daysOverdue).toBe(2)
  })
})
