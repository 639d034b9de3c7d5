// Provisional archetypes (thin evidence: one race, few clean laps) on the charts, not only in the tables:
// a lighter segment of the archetype bars (overall and by class) with its own legend entry and tooltip
// label, and a dashed "(provisional)" outline on the radars.
import { describe, expect, it } from 'vitest';
import type { DriverProfile } from '../../src/core/types';
import { archetypeBar, PROVISIONAL_LABEL, radar } from '../../src/app/charts/configs';
import { archetypeByClass } from '../../src/app/charts/class-charts';
import { archetypeCounts } from '../../src/app/view/profile-view';

/** A car with a relative archetype; `provisional` is the core's reason, or null for a firm archetype. */
function car(id: string, cls: string | null, archetype: DriverProfile['archetype'], provisional: string | null): DriverProfile {
  const relative = { races: [], archetype, archetype_scores: null, explanation: '', provisional } as unknown as DriverProfile['relative'];
  return {
    driver_id: Number(id), car_number: id, class: cls, tracks_raced: ['Sebring'], total_races: 1, performance_metrics: {},
    dna_signature: null, sector_balance_score: null, archetype: null, relative,
  };
}

// GTP: two Speed Demons (one provisional), one provisional Balanced Racer; GTD: one firm Consistency Master,
// one car without an archetype (never provisional: nothing to mark).
const cars = [
  car('7', 'GTP', 'Speed Demon', null),
  car('31', 'GTP', 'Speed Demon', 'one race only'),
  car('01', 'GTP', 'Balanced Racer', 'one race only'),
  car('04', 'GTD', 'Consistency Master', null),
  car('4', 'GTD', null, 'one race only'),
];

describe('archetype bars', () => {
  it('counts the provisional archetypes apart and draws them as a lighter stacked segment', () => {
    const counts = archetypeCounts(cars, 'relative');
    expect(counts).toEqual([
      { label: 'Speed Demon', count: 2, provisional: 1 },
      { label: 'Consistency Master', count: 1, provisional: 0 },
      { label: 'Track Specialist', count: 0, provisional: 0 },
      { label: 'Balanced Racer', count: 1, provisional: 1 },
      { label: 'No archetype', count: 1, provisional: 0 },
    ]);
    const cfg = archetypeBar(counts);
    const [firm, prov] = cfg.data.datasets;
    expect(firm.data).toEqual([1, 1, 0, 0, 1]);
    expect(prov.label).toBe(PROVISIONAL_LABEL);
    expect(prov.data).toEqual([1, 0, 0, 1, 0]);
    expect(cfg.options?.plugins?.legend?.display).toBe(true);
    expect(cfg.options?.scales?.x).toMatchObject({ stacked: true });
    // lighter: the same colour as the firm segment, with transparency
    expect(String((prov.backgroundColor as string[])[0])).not.toBe(String((firm.backgroundColor as string[])[0]));
  });

  it('stays one plain series when nothing is provisional', () => {
    const cfg = archetypeBar(archetypeCounts([car('7', null, 'Speed Demon', null)], 'relative'));
    expect(cfg.data.datasets).toHaveLength(1);
    expect(cfg.options?.plugins?.legend?.display).toBe(false);
  });

  it('by class: a lighter dataset per class that has provisional cars, one legend entry for them all', () => {
    const cfg = archetypeByClass(cars, 'relative');
    const byLabel = Object.fromEntries(cfg.data.datasets.map((d) => [d.label, d.data]));
    // labels: the four archetypes in the seed order, then "No archetype"
    expect(byLabel).toEqual({
      GTP: [1, 0, 0, 0, 0],
      GTD: [0, 1, 0, 0, 1],
      'GTP (provisional)': [1, 0, 0, 1, 0],
    });
    const filter = cfg.options!.plugins!.legend!.labels!.filter!;
    const item = (text: string) => ({ text }) as Parameters<typeof filter>[0];
    expect(filter(item('GTP'), cfg.data)).toBe(true);
    expect(filter(item('GTP (provisional)'), cfg.data)).toBe(false);
    expect(filter(item(PROVISIONAL_LABEL), cfg.data)).toBe(true);
  });
});

describe('radar', () => {
  it('marks a provisional car: "(provisional)" in the legend, a dashed outline, the legend shown even for one car', () => {
    const one = radar({ labels: ['a', 'b', 'c'], series: [{ label: '#31', scores: [10, 20, 30], provisional: true }] });
    expect(one.data.datasets[0].label).toBe('#31 (provisional)');
    expect(one.data.datasets[0].borderDash).toEqual([6, 4]);
    expect(one.options?.plugins?.legend?.display).toBe(true);
    const firm = radar({ labels: ['a', 'b', 'c'], series: [{ label: '#7', scores: [10, 20, 30] }] });
    expect(firm.data.datasets[0].label).toBe('#7');
    expect(firm.data.datasets[0].borderDash).toEqual([]);
    expect(firm.options?.plugins?.legend?.display).toBe(false);
  });
});
