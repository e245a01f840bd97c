/** Switches for behaviour where we deliberately differ from the anchor (docs/handover-rules.md, "Our extensions"). */
export interface HandoverOptions {
  /**
   * Seed 000: a negative parole decision returns the case to custody until the next review. For a determinate
   * parole case whose last completed review refused release, the release date used for handover becomes the earlier
   * of the next target hearing date (when after today) and CRD/ARD, instead of the (usually past) PED.
   */
  determinateParoleRefusalExtension: boolean
}

/** What the service runs with. */
export const DEFAULT_HANDOVER_OPTIONS: Readonly<HandoverOptions> = { determinateParoleRefusalExtension: true }

/** The anchor's behaviour exactly (every extension off). */
export const ANCHOR_HANDOVER_OPTIONS: Readonly<HandoverOptions> = { determinateParoleRefusalExtension: false }
