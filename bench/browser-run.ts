// Standalone browser benchmark: node --import tsx bench/browser-run.ts [--no-build]
import { runBrowserBench } from './browser';

await runBrowserBench({ rebuild: !process.argv.includes('--no-build') });
