// Issue 6 plugs into the app here (main.ts loads this file; the slots are in src/app/slots.svelte.ts):
// the library on the start page, export buttons on the overview and driver pages, the update prompt in
// the header, the service worker, automatic keeping of every analysis, and files from the OS.
import { router } from '../router.svelte';
import { session } from '../session.svelte';
import { registerSlot } from '../slots.svelte';
import { keepEveryAnalysis } from './autosave.svelte';
import ExportButton from './ExportButton.svelte';
import { consumeLaunchQueue, takeSharedFiles } from './incoming-files';
import LibraryPanel from './LibraryPanel.svelte';
import { libraryState } from './library-state.svelte';
import { pwa } from './pwa.svelte';
import UpdatePrompt from './UpdatePrompt.svelte';

registerSlot('start-library', LibraryPanel);
registerSlot('overview-actions', ExportButton);
registerSlot('driver-actions', ExportButton);
registerSlot('header-extra', UpdatePrompt);

libraryState.attach(session);
// Shared profile files dropped or picked anywhere (drop zone, file picker, the OS) open read-only here.
session.openProfiles = (files) => void libraryState.readImports(files);
keepEveryAnalysis(session);
pwa.start();

/** Files from the OS go where dropped ones go: a .json to the import view, the rest to the analysis. */
function openIncoming(files: File[]): void {
  router.go({ name: 'start' });
  void session.addFiles(files.map((file) => ({ file, path: file.name })));
}

consumeLaunchQueue(openIncoming);

// Routes restore: a reload, a bookmark or a shared link to a page of an analysis reopens it from the library.
void libraryState.restore();
window.addEventListener('hashchange', () => void libraryState.restore());
void takeSharedFiles().then((files) => files.length > 0 && openIncoming(files));
