// Places in the pages that another part of the app fills (issue 6: the library and export/import).
// A module registers a Svelte component for a slot; the page renders it there, or nothing.
//
//   // src/app/library/register.ts (loaded by main.ts through import.meta.glob, if it exists)
//   import { registerSlot } from '../slots.svelte';
//   import LibraryPanel from './LibraryPanel.svelte';
//   registerSlot('start-library', LibraryPanel);
//
// Slots and the props their component receives:
//   'start-library'    start page, below the drop zone          { session }
//   'overview-actions' overview header (e.g. "Export analysis")  { session, analysis }
//   'driver-actions'   driver page header ("Export driver")      { session, analysis, driverId }
//   'compare-actions'  compare page header                       { session, analysis, driverIds }
//   'header-extra'     app header, after the nav (update prompt)  { session }
import type { Component } from 'svelte';

export type SlotName = 'start-library' | 'overview-actions' | 'driver-actions' | 'compare-actions' | 'header-extra';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyComponent = Component<any>;

class Slots {
  filled = $state<Partial<Record<SlotName, AnyComponent[]>>>({});
}

export const slots = new Slots();

export function registerSlot(name: SlotName, component: AnyComponent): void {
  slots.filled[name] = [...(slots.filled[name] ?? []), component];
}
