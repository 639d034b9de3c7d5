// Imported profiles: numeric fields have bounds per quantity, so a shared file with negative times or
// absurd speeds is refused (E073) while every envelope the core writes is read back (issue 13).
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/core/analysis';
import { readProfileJson } from '../../src/core/profile-schema';
import { generateSeason } from '../../src/core/sample-generator';

const enc = new TextEncoder();

describe('profile numeric bounds', async () => {
  const season = generateSeason({ seed: 11, drivers: 6, tracks: ['barber', 'COTA'], racesPerTrack: 1, lapsPerRace: 10 });
  const r = await analyzeInputs(season.map((f) => ({ name: f.path.split('/').pop()!, path: f.path, bytes: enc.encode(f.text) })));
  const text = JSON.stringify(r.envelope);

  it('reads back what the core wrote', () => {
    expect(readProfileJson(text).ok).toBe(true);
  });

  const tamper = (edit: (env: any) => void) => {
    const env = JSON.parse(text);
    edit(env);
    const res = readProfileJson(JSON.stringify(env));
    return res.ok ? 'accepted' : `${res.error.code} ${res.error.detail}`;
  };
  const withDna = () => JSON.parse(text).drivers.findIndex((d: any) => d.dna_signature !== null);

  it.each([
    ['a negative average lap', (e: any) => { const m = e.drivers[0].performance_metrics; m[Object.keys(m)[0]].avg_lap_time = -100; }, /avg_lap_time: below 0/],
    ['a top speed of 5,000 km/h', (e: any) => { const m = e.drivers[0].performance_metrics; m[Object.keys(m)[0]].speed_profile.top_speed = 5000; }, /top_speed: above 1000/],
    ['a negative consistency index', (e: any) => { e.drivers[withDna()].dna_signature.consistency_index = -1; }, /consistency_index: below 0/],
    ['a negative CV', (e: any) => { e.drivers[0].relative.races[0].consistency_cv_pct = -3; }, /consistency_cv_pct: below 0/],
    ['a pace gap under -100%', (e: any) => { e.drivers[0].relative.races[0].pace_gap_pct = -150; }, /pace_gap_pct: below -100/],
    ['a sector best of 1e300 s', (e: any) => { e.drivers[0].relative.races[0].best_lap_s = 1e300; }, /best_lap_s: above 86400/],
  ])('refuses %s', (_what, edit, detail) => {
    expect(tamper(edit)).toMatch(new RegExp(`^E073 .*${detail.source}`));
  });
});
