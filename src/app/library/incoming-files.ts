// Files that reach the app from the operating system rather than a drop or a picker:
//  - "Open with Performance DNA" on a .csv or .json (manifest file_handlers → window.launchQueue)
//  - "Share to Performance DNA" (manifest share_target → public/share-target-sw.js keeps the files in
//    a cache and opens /?share-target; they are read here once and removed)

/** Cache and URL prefix shared with public/share-target-sw.js. */
export const SHARE_CACHE = 'performance-dna-share-target';
const SHARE_QUERY = 'share-target';

interface LaunchParams {
  files?: readonly { getFile(): Promise<File> }[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

/** Calls `handle` with the files the OS opened the installed app with (no-op where unsupported). */
export function consumeLaunchQueue(handle: (files: File[]) => void): void {
  const queue = (window as unknown as { launchQueue?: LaunchQueue }).launchQueue;
  if (!queue?.setConsumer) return;
  queue.setConsumer((params) => {
    if (!params.files?.length) return;
    void Promise.all(params.files.map((h) => h.getFile())).then(handle);
  });
}

/** The files of a share, when the page was opened by the share target; each is read once. */
export async function takeSharedFiles(): Promise<File[]> {
  const query = new URLSearchParams(location.search);
  if (!query.has(SHARE_QUERY) || typeof caches === 'undefined') return [];
  // The query has done its job: a reload must not look for the share again.
  query.delete(SHARE_QUERY);
  const rest = query.toString();
  history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  const cache = await caches.open(SHARE_CACHE);
  const files: File[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    await cache.delete(request);
    if (!response) continue;
    const blob = await response.blob();
    const name = decodeURIComponent(response.headers.get('x-file-name') ?? 'shared-file');
    files.push(new File([blob], name, { type: blob.type }));
  }
  return files;
}
