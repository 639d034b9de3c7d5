// Runs training jobs on worker threads, one job per thread at a time: the k + 1 trainings of a run are
// independent and each is seeded on its own, so the pool changes the wall time, not the result.
import { Worker } from 'node:worker_threads';
import type { JobExecutor, JobResult, TrainJob } from './trainer';

export function workerPoolExecutor(size: number): JobExecutor {
  return async (jobs) => {
    const results = new Array<JobResult>(jobs.length);
    let next = 0;
    const runWorker = () =>
      new Promise<void>((resolve, reject) => {
        // The worker is TypeScript: register tsx's loader inside the thread, then import the entry.
        const entry = new URL('./train-worker.ts', import.meta.url).href;
        const w = new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
        const feed = () => {
          if (next >= jobs.length) {
            void w.terminate().then(() => resolve());
            return;
          }
          const i = next++;
          w.once('message', (r: JobResult) => {
            results[i] = r;
            feed();
          });
          w.postMessage(jobs[i]);
        };
        w.once('error', reject);
        w.once('online', feed);
      });
    await Promise.all(Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, runWorker));
    return results;
  };
}
