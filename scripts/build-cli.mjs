// Bundles the CLI programs into dist/cli/*.mjs with esbuild so they start in well under 100 ms
// (running TypeScript through tsx costs ~300 ms of start-up alone).
import { build } from 'esbuild';

await build({
  entryPoints: { analyze: 'src/cli/analyze.ts' },
  outdir: 'dist/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // tfjs is only needed by --predict; keep it a runtime import from node_modules.
  external: ['@tensorflow/*'],
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
