import { plainLaps } from '../../src/core/lap-table';
// How big the library's lap columns are and how it writes envelopes for export.
import { describe, expect, it } from 'vitest';
import { exportEnvelope, exportFileName, lapTableToLaps, lapsToTable } from '../../src/app/library/envelope-export';
import { columnsFromLaps, tableBytes } from '../../src/app/library/library';
import { tableOfView } from '../../src/worker/analysis-wire';
import type { Envelope, FileReport, LapRow } from '../../src/core/types';
import { sampleAnalysis, handLap } from './library-fixture';


describe('the library\'s lap table', () => {
  it('stores a season in columns, under half its JSON size, at the bytes the columns take', async () => {
    const view = await sampleAnalysis();
    const d = tableOfView(view).data;
    const splits = Object.keys(d.intermediates).length;
    expect(splits).toBe(6); // IM1a, IM1, IM2a, IM2, IM3a, FL in the generator's header
    // per lap: 9 Float64 numbers, 7 Uint32 string codes, a pit byte, a Uint32 file index, one Float64 per split
    const perLap = 9 * 8 + 7 * 4 + 1 + 4 + splits * 8;
    expect(tableBytes(d)).toBe(perLap * view.laps.length + JSON.stringify(d.strings).length);
    expect(tableBytes(d)).toBeLessThan(JSON.stringify(plainLaps(view.laps)).length / 2);
  });
});

describe('envelope export', () => {
  const envelope: Envelope = {
    schema: 'performance-dna/1',
    generated_at: '2025-05-01T12:00:00.000Z',
    definition: 'both',
    model_version: 'classic-1.0.0',
    inputs: [
      { file: 'a.csv', track: 'COTA', race: 'Race 1', rows: 2, sha256: 'a'.repeat(64) },
      { file: 'c.csv', track: 'VIR', race: 'Race 1', rows: 1, sha256: 'c'.repeat(64) },
    ],
    drivers: [
      { driver_id: 7, car_number: '7', class: null, tracks_raced: ['COTA'], total_races: 1, performance_metrics: {}, dna_signature: null, sector_balance_score: null, archetype: null },
      { driver_id: 9, car_number: '9', class: null, tracks_raced: ['VIR'], total_races: 1, performance_metrics: {}, dna_signature: null, sector_balance_score: null, archetype: null },
    ],
  };
  // file 1 (b.csv) was a duplicate and not used: the envelope's inputs skip it
  const reports = [{ used: true }, { used: false }, { used: true }] as FileReport[];
  const laps = [handLap({ fileIndex: 0, carNumber: '7' }), handLap({ fileIndex: 0, carNumber: '9', lapNumber: 2 }), handLap({ fileIndex: 2, carNumber: '9', track: 'VIR' })];

  it('leaves the laps out unless asked', () => {
    const out = exportEnvelope({ envelope, reports, laps });
    expect(out.laps).toBeUndefined();
    expect(Object.keys(out)).toEqual(['schema', 'generated_at', 'definition', 'model_version', 'inputs', 'drivers']);
    expect(out.model_version).toBe('classic-1.0.0');
    expect(out.inputs).toEqual(envelope.inputs);
  });

  it('maps each lap to the input it belongs to (not the dropped file index)', () => {
    const out = exportEnvelope({ envelope, reports, laps }, { includeLaps: true });
    expect(out.laps!.rows.map((r) => r[0])).toEqual([0, 0, 1]);
    expect(lapTableToLaps(out.laps!).map((l) => l.fileIndex)).toEqual([0, 0, 1]);
  });

  it('exports one driver with every input (relative figures use the whole field) and only that driver’s laps', () => {
    const out = exportEnvelope({ envelope, reports, laps }, { driverId: '9', includeLaps: true });
    expect(out.drivers.map((d) => d.car_number)).toEqual(['9']);
    expect(out.inputs).toHaveLength(2);
    expect(out.laps!.rows.map((r) => r[1])).toEqual(['9', '9']);
  });

  it('round-trips laps through the table', () => {
    const table = lapsToTable(laps);
    expect(lapTableToLaps(table)).toEqual(plainLaps(laps));
  });

  it('names the file after the analysis, the driver and the date', () => {
    expect(exportFileName('COTA, VIR · 2 files', envelope.generated_at)).toBe('performance-dna-cota-vir-2-files-2025-05-01.json');
    expect(exportFileName('Ünïcode / name', envelope.generated_at, '13')).toBe('performance-dna-unicode-name-car-13-2025-05-01.json');
  });

  it('judges which optional columns an imported file had from its laps', () => {
    const cols = columnsFromLaps([handLap({ flag: null, pitIn: true }), handLap({ fileIndex: 1, s1S: null, s2S: null, s3S: null, topSpeedKph: null })], 2);
    expect(cols[0]).toMatchObject({ flag: false, pitIn: true, sectors: true, topSpeed: true });
    expect(cols[1]).toMatchObject({ flag: true, pitIn: false, sectors: false, topSpeed: false });
  });
});
