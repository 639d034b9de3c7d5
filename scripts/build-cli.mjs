// Bundles the CLI programs into dist/cli/*.mjs with esbuild so they start in well under 100 ms
// (running TypeScript through tsx costs ~300 ms of start-up alone).
//
// A current bundle is not rebuilt: esbuild's metafile (dist/cli/meta.json) lists every source the bundle
// was made from; when none of them, package-lock.json or this script is newer than the oldest output file,
// nothing is written and esbuild is not even imported (a freshness check costs ~2 ms, a build ~0.5 s).
//
//   node scripts/build-cli.mjs                  build if stale
//   node scripts/build-cli.mjs --force          build always
//   node scripts/build-cli.mjs --run-analyze …  build if stale, then run the analyze CLI in this same process
//                                               with the remaining arguments (what `npm run analyze` calls)
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// PERFDNA_CLI_OUTDIR: another folder for the bundle (the build test uses a temporary one)
const OUTDIR = process.env.PERFDNA_CLI_OUTDIR || 'dist/cli';
const META = resolve(root, OUTDIR, 'meta.json');
/** Files outside the bundle's inputs whose change also changes the bundle. */
const ALSO = ['package-lock.json', 'scripts/build-cli.mjs'];

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
};

/**
 * Why the bundle must be (re)built, or null when it is current: every output present and no input newer than
 * the oldest output. Inputs are the metafile's (paths relative to the project root, node_modules included).
 */
export function staleReason() {
  let meta;
  try {
    meta = JSON.parse(readFileSync(META, 'utf8'));
  } catch {
    return 'no bundle yet';
  }
  let built = Infinity;
  for (const out of Object.keys(meta.outputs ?? {})) {
    const t = mtime(resolve(root, out));
    if (t === null) return `${out} missing`;
    built = Math.min(built, t);
  }
  if (built === Infinity) return 'no outputs listed';
  const metaT = mtime(META);
  if (metaT !== null) built = Math.min(built, metaT);
  for (const input of [...Object.keys(meta.inputs ?? {}), ...ALSO]) {
    const t = mtime(resolve(root, input));
    // a source gone (renamed, deleted) changes the bundle as much as an edited one
    if (t === null) return `${input} missing`;
    if (t > built) return `${input} changed`;
  }
  return null;
}

export async function buildCli() {
  const { build } = await import('esbuild');
  const { writeFile } = await import('node:fs/promises');
  const result = await build({
    absWorkingDir: root,
    entryPoints: { analyze: 'src/cli/analyze.ts' },
    outdir: OUTDIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // tfjs is only needed by --predict; keep it a runtime import from node_modules.
    external: ['@tensorflow/*'],
    logLevel: 'warning',
    metafile: true,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  // written after the outputs: its mtime never makes the bundle look older than it is
  await writeFile(META, JSON.stringify(result.metafile));
}

// (argv[1] is the path as typed, made absolute; import.meta.url has its links resolved)
const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1]);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const runAnalyze = args[0] === '--run-analyze';
  if (args.includes('--force') && !runAnalyze) await buildCli();
  else if (staleReason() !== null) await buildCli();
  if (runAnalyze) {
    const { main, exitWhenFlushed } = await import(pathToFileURL(resolve(root, OUTDIR, 'analyze.mjs')).href);
    exitWhenFlushed(await main(args.slice(1)));
  }
}
