// npm run fuzz -- [--runs N] [--seed S]: the larger run of the fuzz corpus; prints the counts.
import { runFuzz } from './corpus';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const runs = arg('--runs', 1000);
const seed = arg('--seed', 13);
const t0 = performance.now();
const c = await runFuzz(runs, seed);
console.log(`fuzz seed ${seed}: ${c.cases} cases, ${c.crashes} crashes, ${c.silentLosses} silent losses, ${c.silentlyWrong} silently wrong (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
for (const e of c.examples) console.log(`  ${e}`);
process.exitCode = c.crashes + c.silentLosses + c.silentlyWrong > 0 ? 1 : 0;
