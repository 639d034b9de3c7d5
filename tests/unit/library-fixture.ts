import { fromWire } from '../../src/worker/analysis-wire';
// A small real analysis for the library tests: a seeded synthetic season (two tracks, one race each)
// through the worker API in Node, exactly what the app would hand to the library.
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile } from '../../src/core/types';
import { createWorkerApi, type AnalysisView } from '../../src/worker/api';

export async function sampleAnalysis(seed = 7): Promise<AnalysisView> {
  const files: InputFile[] = generateSeason({ seed, drivers: 6, tracks: ['Barber', 'COTA'], racesPerTrack: 1, lapsPerRace: 12 }).map((f) => ({
    name: f.path.split('/').pop()!,
    path: f.path,
    bytes: new TextEncoder().encode(f.text),
  }));
  return createWorkerApi({ loadModels: null }).analyze(files, { definition: 'both', now: '2025-05-01T12:00:00.000Z' }).then(fromWire);
}
