// A training worker thread: wasm backend, then one job per message (see worker-pool.ts).
import { parentPort } from 'node:worker_threads';
import { useNodeBackend } from '../src/model/node';
import { runJob, type TrainJob } from './trainer';

await useNodeBackend();
parentPort!.on('message', (job: TrainJob) => {
  void runJob(job).then((r) => parentPort!.postMessage(r));
});
