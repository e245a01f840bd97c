/**
 * V3 table 1 (spec tiering.md §3): the starting tier from the OGRS4 all-reoffending predictor (ARP, columns) and
 * the combined serious reoffending predictor (CSRP, rows). Row = first CSRP threshold the score reaches, column =
 * first ARP threshold the score reaches (all inclusive). Negative scores have no cell.
 */
import type { TierV3Letter } from './types'

export const CSRP_THRESHOLDS = [6.9, 3.0, 1.0, 0.5, 0.0] as const
export const ARP_THRESHOLDS = [90, 75, 50, 25, 15, 0] as const

/** Rows follow CSRP_THRESHOLDS, columns ARP_THRESHOLDS. */
export const REOFFENDING_TABLE: readonly (readonly TierV3Letter[])[] = [
  ['A', 'A', 'B', 'B', 'B', 'B'],
  ['A', 'B', 'C', 'C', 'C', 'C'],
  ['B', 'C', 'D', 'E', 'E', 'E'],
  ['C', 'D', 'E', 'E', 'F', 'F'],
  ['D', 'D', 'E', 'F', 'F', 'G'],
]

/** Index of the CSRP row, or -1 for a negative (or not-a-number) score. */
export function csrpRow(csrp: number): number {
  for (let i = 0; i < CSRP_THRESHOLDS.length; i++) if (csrp >= CSRP_THRESHOLDS[i]!) return i
  return -1
}

/** Index of the ARP column, or -1 for a negative (or not-a-number) score. */
export function arpColumn(arp: number): number {
  for (let i = 0; i < ARP_THRESHOLDS.length; i++) if (arp >= ARP_THRESHOLDS[i]!) return i
  return -1
}

/** The table cell, or null when either score is negative. */
export function reoffendingTier(arp: number, csrp: number): TierV3Letter | null {
  const row = csrpRow(csrp)
  const col = arpColumn(arp)
  if (row < 0 || col < 0) return null
  return REOFFENDING_TABLE[row]![col]!
}

/** Highest tier the table can give for this CSRP whatever the ARP (first column): a static ARP's ceiling. */
export function maxTierForCsrp(csrp: number): TierV3Letter | null {
  const row = csrpRow(csrp)
  return row < 0 ? null : REOFFENDING_TABLE[row]![0]!
}

/** Highest tier the table can give for this ARP whatever the CSRP (first row): a static CSRP's ceiling. */
export function maxTierForArp(arp: number): TierV3Letter | null {
  const col = arpColumn(arp)
  return col < 0 ? null : REOFFENDING_TABLE[0]![col]!
}
