import type { KindRegistry } from '../types'
import { allocationKinds } from './allocation'
import { handoverKinds } from './handover'
import { tieringKinds } from './tiering'

export const kinds: KindRegistry = { ...handoverKinds, ...tieringKinds, ...allocationKinds }
