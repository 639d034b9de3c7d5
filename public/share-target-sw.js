// @ts-check
// Imported into the generated service worker (vite.config.ts: workbox.importScripts). It handles the web
// app manifest's share_target: the OS POSTs shared files to /share-target; they are kept in a cache and
// the app is opened at /?share-target, where src/app/library/launch-files.ts reads and removes them.
// Workbox routes only GET requests, so this POST never reaches the precache.
/// <reference lib="webworker" />

const SHARE_CACHE = 'performance-dna-share-target';
const SHARE_PREFIX = '/share-target/file/';

self.addEventListener('fetch', (/** @type {FetchEvent} */ event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'POST' || url.origin !== self.location.origin || url.pathname !== '/share-target') return;
  event.respondWith(
    (async () => {
      const form = await event.request.formData();
      const files = form.getAll('files').filter((f) => typeof f !== 'string');
      const cache = await caches.open(SHARE_CACHE);
      for (const old of await cache.keys()) await cache.delete(old);
      await Promise.all(
        files.map((file, i) =>
          cache.put(
            `${SHARE_PREFIX}${i}`,
            new Response(file, {
              headers: {
                'content-type': file.type || 'application/octet-stream',
                'x-file-name': encodeURIComponent(file.name),
              },
            }),
          ),
        ),
      );
      return Response.redirect(`/?share-target=${files.length}`, 303);
    })(),
  );
});
