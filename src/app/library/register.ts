// Issue 6 plugs into the app here (main.ts loads this file; the slots are in src/app/slots.svelte.ts):
// the library on the start page, export buttons on the overview and driver pages, the update prompt in
// the header, the service worker, automatic keeping of every analysis, and files from the OS.
import { router } from '../router.svelte';
import { session } from '../session.svelte';
import { registerSlot } from '../slots.svelte';
import { keepEveryAnalysis } from './autosave.svelte';
import ExportButton from './ExportButton.svelte';
import { consumeLaunchQueue, isProfileJson, takeSharedFiles } from './incoming-files';
import LibraryPanel from './LibraryPanel.svelte';
import { libraryState } from './library-state.svelte';
import { pwa } from './pwa.svelte';
import UpdatePrompt from './UpdatePrompt.svelte';

registerSlot('start-library', LibraryPanel);
registerSlot('overview-actions', ExportButton);
registerSlot('driver-actions', ExportButton);
registerSlot('header-extra', UpdatePrompt);

libraryState.attach(session);
keepEveryAnalysis(session);
pwa.start();

/** A .json is a shared profile (read-only import view); anything else goes to the analysis like a drop. */
function openIncoming(files: File[]): void {
  const profile = files.find(isProfileJson);
  const timing = files.filter((f) => !isProfileJson(f));
  if (profile) void libraryState.readImport(profile);
  if (timing.length > 0) {
    router.go({ name: 'start' });
    void session.addFiles(timing.map((file) => ({ file, path: file.name })));
  }
}

consumeLaunchQueue(openIncoming);
void takeSharedFiles().then((files) => files.length > 0 && openIncoming(files));
