import { fromWire } from '../../src/worker/analysis-wire';
// A small real analysis for the library tests: a seeded synthetic season (two tracks, one race each)
// through the worker API in Node, exactly what the app would hand to the library.
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile, LapRow } from '../../src/core/types';
import { createWorkerApi, type AnalysisView } from '../../src/worker/api';

export async function sampleAnalysis(seed = 7): Promise<AnalysisView> {
  const files: InputFile[] = generateSeason({ seed, drivers: 6, tracks: ['Barber', 'COTA'], racesPerTrack: 1, lapsPerRace: 12 }).map((f) => ({
    name: f.path.split('/').pop()!,
    path: f.path,
    bytes: new TextEncoder().encode(f.text),
  }));
  return createWorkerApi({ loadModels: null }).analyze(files, { definition: 'both', now: '2025-05-01T12:00:00.000Z' }).then(fromWire);
}

/** One hand-made lap of the library tests: car 7 at COTA, every field set, `over` on top. */
export function handLap(over: Partial<LapRow>): LapRow {
  return {
    carNumber: '7',
    class: null,
    driverNumber: null,
    driverName: null,
    elapsedS: null,
    lapNumber: 1,
    lapTimeS: 100.123,
    s1S: 30.1,
    s2S: 35.2,
    s3S: 34.823,
    speedKph: 140.5,
    topSpeedKph: 201.1,
    flag: 'GF',
    pitIn: false,
    pitTimeS: null,
    intermediatesS: {},
    track: 'COTA',
    race: 'Race 1',
    fileIndex: 0,
    ...over,
  };
}
