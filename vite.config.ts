import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// Build notes (stack.md): `worker.format: 'es'` keeps tfjs backends as lazy chunks instead of one
// inlined 2.4 MB worker. The tfjs wasm binaries are imported with `?url` (src/model/wasm-paths.ts), so
// Vite emits them into assets/ and the precache below picks them up with every other file.

const MODELS_DIR = resolve(import.meta.dirname, 'models');
const THEME_COLOUR = '#111827';

/** Every file under `dir`, as '/'-separated paths relative to it; hidden files and folders are skipped. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * The trained models live in the repository's top-level models/ (written by train/), not in public/.
 * This serves them at /models/ in dev and emits them into the build, where the PWA precache takes them
 * (emitted in generateBundle, so they are on disk before workbox lists the output in closeBundle).
 */
function modelsAsStaticFiles(): Plugin {
  return {
    name: 'performance-dna:models',
    configureServer(server) {
      server.middlewares.use('/models', (req, res, next) => {
        const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
        const file = resolve(MODELS_DIR, `.${path}`);
        if (!file.startsWith(MODELS_DIR + sep) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const path of filesUnder(MODELS_DIR)) {
        this.emitFile({ type: 'asset', fileName: `models/${path}`, source: readFileSync(join(MODELS_DIR, path)) });
      }
    },
  };
}

export default defineConfig({
  plugins: [
    svelte(),
    modelsAsStaticFiles(),
    // Installable offline app (docs/pwa.md). generateSW writes the service worker; the share target's
    // POST handler is the one piece it cannot generate, so public/share-target-sw.js is imported into it.
    VitePWA({
      strategies: 'generateSW',
      // A minified worker without Workbox's debug logging, also when the build runs under vitest
      // (NODE_ENV=test would otherwise select Workbox's development mode).
      mode: 'production',
      // 'prompt': a new version waits until the user accepts it (src/app/library/UpdatePrompt.svelte).
      registerType: 'prompt',
      // Registration happens in src/app/library/pwa.svelte.ts through virtual:pwa-register: no inline script, so
      // the CSP in index.html needs no 'unsafe-inline' for scripts.
      injectRegister: false,
      // The icons are precached by globPatterns already; listing them twice is noise.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Performance DNA',
        short_name: 'PerfDNA',
        description: 'Driver performance DNA from motorsport timing exports, computed offline on your device.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: THEME_COLOUR,
        background_color: THEME_COLOUR,
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        // Opening a .csv or .json from the OS with the installed app: src/app/library/incoming-files.ts.
        file_handlers: [
          {
            action: '/',
            accept: { 'text/csv': ['.csv'], 'application/json': ['.json'] },
          },
        ],
        launch_handler: { client_mode: 'focus-existing' },
        // Sharing files to the app: public/share-target-sw.js keeps them and opens /?share-target.
        share_target: {
          action: '/share-target',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: {
            files: [{ name: 'files', accept: ['text/csv', '.csv', 'application/json', '.json'] }],
          },
        },
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,json,bin,wasm,png,svg,ico,csv,CSV}'],
        // The worker chunk is ~1.5 MB and the tfjs wasm binaries ~0.5 MB each (stack.md).
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        // The first visit is controlled at once (offline works after one visit); an update waits for
        // the user (skipWaiting off, the prompt sends SKIP_WAITING).
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
        navigateFallback: '/index.html',
        // The share target is a POST the share handler answers; a model's validation_report.html is a page
        // of its own, not the app.
        navigateFallbackDenylist: [/^\/share-target/, /^\/models\//],
        importScripts: ['/share-target-sw.js'],
      },
      devOptions: { enabled: false },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
