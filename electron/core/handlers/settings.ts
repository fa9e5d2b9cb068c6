import type { Handlers } from '../../contract/api.js';
import { ok } from '../../contract/result.js';
import type { SettingsStore } from '../state/settings-store.js';

/** settings.* — validated like profiles, saved atomically before they apply. */
export function createSettingsHandlers(settings: SettingsStore): Pick<Handlers, 'settings.get' | 'settings.save'> {
  return {
    'settings.get': async () => ok(settings.get()),
    'settings.save': async ({ settings: patch }) => settings.save(patch),
  };
}
