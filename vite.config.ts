import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Build notes (stack.md): `worker.format: 'es'` keeps tfjs backends as lazy chunks instead of one
// inlined 2.4 MB worker. The PWA plugin and model/wasm copying are added by the PWA issue.
export default defineConfig({
  plugins: [svelte()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
