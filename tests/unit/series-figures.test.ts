// The model page's held-out figures per series: read from the shipped relative-v2 metadata
// (evaluation.held_out_real_by_series), none for the classic model (trained on the GR Cup season only).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seriesFigures, seriesName } from '../../src/worker/series-figures';

const meta = (path: string) => JSON.parse(readFileSync(new URL(`../../models/${path}/metadata.json`, import.meta.url), 'utf8'));

describe('held-out figures per series', () => {
  it('lists the GR Cup, IMSA and WEC figures of relative-v2 in that order, with their held-out cars and people', () => {
    const m = meta('relative-v2');
    const by = m.evaluation.held_out_real_by_series as Record<string, Record<string, number>>;
    const rows = seriesFigures(m.evaluation);
    expect(rows.map((r) => r.name)).toEqual(['GR Cup', 'IMSA 2025', 'WEC 2025']);
    for (const r of rows) {
      // the figures are the metadata's own, unchanged
      expect(r.metrics.overall_reliability).toBe(by[r.series].overall_reliability);
      expect(r.metrics.archetype_accuracy).toBe(by[r.series].archetype_accuracy);
      expect(r.metrics.dna_r2).toBe(by[r.series].dna_r2);
      // held out: cars plus people make the series' drivers; the per-target maps are not headline numbers
      expect(r.cars + r.people).toBe(by[r.series].drivers);
      expect(r.metrics).not.toHaveProperty('per_target_r2');
      expect(r.metrics).not.toHaveProperty('cars');
    }
    // a GR Cup file names no driver: its held-out drivers are cars only
    expect(rows[0].people).toBe(0);
  });

  it('has none for the classic model and for metadata without the field', () => {
    expect(seriesFigures(meta('classic-v1').evaluation)).toEqual([]);
    expect(seriesFigures(undefined)).toEqual([]);
    expect(seriesFigures({ held_out_real_by_series: undefined })).toEqual([]);
  });

  it('names an unknown series from its key', () => {
    expect(seriesName('elms-2025')).toBe('ELMS 2025');
    expect(seriesName('gr-cup')).toBe('GR Cup');
  });
});
