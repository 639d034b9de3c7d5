// Standalone browser benchmark: node --import tsx bench/browser-run.ts [--no-build]
import { runBrowserBench } from './browser';

const at = process.argv.indexOf('--only');
await runBrowserBench({ rebuild: !process.argv.includes('--no-build'), only: at >= 0 ? process.argv[at + 1].split(',') : undefined });
