/**
 * OUR EXTENSION (seed 000: "should an offender get a negative decision following a parole hearing, the case would
 * return to the prison … until the next parole review process commenced"). The anchor keeps using the PED of a
 * determinate parole case after parole was refused, so the case stays with the COM although release is not due.
 * With `determinateParoleRefusalExtension` on, after a refusal the release date used for handover is the earlier of
 * the next target hearing date (when after today) and CRD/ARD; without either, the PED stays.
 */
import { type IsoDate, isAfter } from '../shared/dates'
import { type EarliestRelease, earlierOfArdAndCrd, type ReleaseDates } from './earliest-release'
import { type NamedDate, PAROLE_OUTCOME, type ParoleOutcome, RELEASE_DATE_TYPE } from './types'

export interface ParoleRefusalInput extends ReleaseDates {
  isIndeterminate: boolean
  lastParoleOutcome: ParoleOutcome | null
}

/** Does the extension look at this case at all: a determinate parole case whose last completed review refused release? */
export function isDeterminateParoleRefusal(input: ParoleRefusalInput): boolean {
  return (
    !input.isIndeterminate &&
    input.paroleEligibilityDate !== null &&
    input.lastParoleOutcome === PAROLE_OUTCOME.notRelease
  )
}

/** Applies the extension to the anchor's ERD; returns it unchanged (same object) when the extension does not apply. */
export function applyParoleRefusalExtension(
  input: ParoleRefusalInput,
  anchor: EarliestRelease,
  today: IsoDate,
): EarliestRelease {
  if (!isDeterminateParoleRefusal(input)) return anchor
  const thd = input.targetHearingDate
  const nextHearing: NamedDate | null =
    thd !== null && isAfter(thd, today) ? { date: thd, type: RELEASE_DATE_TYPE.thd } : null
  const release = earlierOfArdAndCrd(input)
  const candidates = [nextHearing, release].filter((d): d is NamedDate => d !== null)
  const chosen = candidates.reduce<NamedDate | null>(
    (best, d) => (best === null || d.date < best.date ? d : best),
    null,
  )
  const inputs = {
    paroleEligibilityDate: input.paroleEligibilityDate,
    lastParoleOutcome: input.lastParoleOutcome,
    targetHearingDate: thd,
    earlierOfArdAndCrd: release,
    today,
  }
  if (chosen === null) {
    return {
      ...anchor,
      trace: [
        ...anchor.trace,
        {
          rule: 'handover.earliestRelease.determinateParoleRefusal.notApplied',
          explanation: `parole refused, but no target hearing date after today ${today} and no ARD/CRD: ERD stays the PED ${input.paroleEligibilityDate} (our extension has nothing to use)`,
          inputs,
        },
      ],
    }
  }
  const hearing = nextHearing
    ? `next target hearing ${nextHearing.date}`
    : `no target hearing date after today ${today}`
  const rel = release ? `${release.type} ${release.date}` : 'no ARD/CRD'
  return {
    date: chosen.date,
    type: chosen.type,
    reason: 'determinate_parole_refusal',
    trace: [
      ...anchor.trace,
      {
        rule: 'handover.earliestRelease.determinateParoleRefusal',
        explanation: `our extension: parole was refused, so the case returns to custody until the next review; ERD = earlier of ${hearing} and ${rel} = ${chosen.type} ${chosen.date} instead of PED ${input.paroleEligibilityDate}`,
        inputs,
      },
    ],
  }
}
