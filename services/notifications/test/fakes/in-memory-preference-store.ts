import type { Preferences } from '../../src/model/preferences'
import type { PreferenceStore } from '../../src/ports'

/** An in-memory {@link PreferenceStore}: none stored = no opt-outs. */
export class InMemoryPreferenceStore implements PreferenceStore {
  readonly items = new Map<string, Preferences>()

  async get(staffId: string): Promise<Preferences> {
    return structuredClone(this.items.get(staffId) ?? { staffId, optOut: [], updatedAt: null })
  }

  async put(prefs: Preferences): Promise<void> {
    this.items.set(prefs.staffId, structuredClone(prefs))
  }
}
