// Relative training groups (train/pipelines.ts): a car is its series and raw NUMBER, a person is linked to
// every car they drove and to their name in every series, and a split group is a whole car–person
// component, so a held-out car or person never shapes a training sample.
import { describe, expect, it } from 'vitest';
import { referenceFromLaps } from '../../src/core/relative';
import type { LapRow } from '../../src/core/types';
import { holdOutGroups, holdOutGroupsStratified } from '../../src/model/grouped-split';
import { mulberry32 } from '../../src/model/random';
import { relativeGroups, relativePipeline, relativeUnits, seriesOfKey, type SeriesData, type TrainingData } from '../../train/pipelines';

const TRACKS = [
  ['barber', 100, 0],
  ['COTA', 160, 1],
] as const;

/** A car of two named drivers (laps 1–6 and 7–12) at its own pace: `offset` seconds off the base lap. */
function car(number: string, offset: number, names: [string, string]): LapRow[] {
  const out: LapRow[] = [];
  for (const [track, base, fileIndex] of TRACKS) {
    for (let n = 1; n <= 12; n++) {
      const t = base + offset + ((n * 7) % 5) * 0.05;
      out.push({
        carNumber: number, class: 'GT', driverNumber: n <= 6 ? '1' : '2', driverName: n <= 6 ? names[0] : names[1], elapsedS: null, lapNumber: n,
        lapTimeS: t, s1S: t * 0.3, s2S: t * 0.4, s3S: t * 0.3, speedKph: 150, topSpeedKph: null, flag: 'GF', pitIn: false, pitTimeS: null,
        intermediatesS: {}, track, race: 'Race 1', fileIndex,
      });
    }
  }
  return out;
}

const columns = [0, 1].map(() => ({ flag: true, pitIn: true, pitTime: false, lapNumber: true, topSpeed: false, sectors: true, speed: true, class: true, driver: true }));
// alpha: cars "4" and "04" are two cars; "04" is the fastest, and its second driver also drives beta's "4"
const alpha: SeriesData = {
  name: 'alpha',
  columns,
  laps: [
    ...car('4', 0.6, ['A4 One', 'A4 Two']),
    ...car('04', 0, ['A04 One', 'Shared Name']),
    ...['7', '8', '9', '10'].flatMap((c, i) => car(c, 0.2 + 0.3 * i, [`A${c} One`, `A${c} Two`])),
  ],
};
const beta: SeriesData = {
  name: 'beta',
  columns,
  laps: [
    ...car('4', 0.1, ['shared  NAME', 'B4 Two']),
    ...['5', '6', '7', '8', '9'].flatMap((c, i) => car(c, 0.3 + 0.2 * i, [`B${c} One`, `B${c} Two`])),
  ],
};
const data: TrainingData = { laps: alpha.laps, columns, series: [alpha, beta] };

const reference = referenceFromLaps([...alpha.laps], columns, 'alpha cars');
const opts = { virtualPerDriver: 3, wholeShare: 0.3, seed: 5 };

describe('relative training groups', () => {
  const groups = relativeGroups([alpha, beta]);

  it('keys a car by its series and its raw car number', () => {
    expect(groups.get('alpha/car/4')).not.toBe(groups.get('alpha/car/04'));
    expect(groups.get('alpha/car/7')).not.toBe(groups.get('beta/car/7'));
    expect(groups.get('alpha/car/7')).toBe('alpha/car/7');
    expect(groups.get('beta/car/7')).toBe('beta/car/7');
    expect(groups.has('alpha/car/5')).toBe(false);
  });

  it('puts a person in the group of every car they drove, in every series their name appears', () => {
    const g = groups.get('alpha/car/04');
    expect(groups.get('alpha/person/name:a04 one')).toBe(g);
    expect(groups.get('alpha/person/name:shared name')).toBe(g);
    expect(groups.get('beta/person/name:shared name')).toBe(g);
    expect(groups.get('beta/car/4')).toBe(g);
    expect(groups.get('beta/person/name:b4 two')).toBe(g);
    // two units of alpha, three of beta: the key is of the series most of the component raced in
    expect(seriesOfKey(g!)).toBe('alpha');
    expect(groups.get('alpha/car/4')).toBe('alpha/car/4');
  });

  it('builds a sample per car and per person of each series, tagged with its series and group', () => {
    const samples = relativePipeline(reference).samples(data, null, opts);
    const real = samples.filter((s) => s.kind === 'real');
    const units = real.map((s) => s.unit);
    for (const u of ['alpha/car/4', 'alpha/car/04', 'beta/car/4', 'alpha/person/name:shared name', 'beta/person/name:shared name', 'beta/person/name:b4 two']) {
      expect(units).toContain(u);
    }
    expect(new Set(units).size).toBe(units.length);
    expect(real).toHaveLength(6 + 12 + 6 + 12);
    for (const s of samples) {
      expect(s.unit!.startsWith(`${s.series}/`)).toBe(true);
      expect(s.group).toBe(groups.get(s.unit!));
    }
    expect(samples.some((s) => s.kind === 'virtual')).toBe(true);
  });

  it('rebuilds the other samples without a single lap of an excluded group', () => {
    const g = groups.get('alpha/car/04')!;
    const excluded = new Set([g]);
    const pipeline = relativePipeline(reference);
    const without = pipeline.samples(data, null, opts, excluded);
    expect(without.filter((s) => s.group === g)).toEqual([]);
    const members = [...groups].filter(([, v]) => v === g).map(([k]) => k);
    expect(members.sort()).toEqual(
      ['alpha/car/04', 'alpha/person/name:a04 one', 'alpha/person/name:shared name', 'beta/car/4', 'beta/person/name:b4 two', 'beta/person/name:shared name'].sort(),
    );
    expect(relativeUnits(data, {}, excluded).map((u) => u.key).filter((k) => members.includes(k))).toEqual([]);
    // "04" set the pace of alpha's field: without its laps the field is slower and "4" is nearer to it
    const paceOf = (list: typeof without) => list.find((s) => s.kind === 'real' && s.unit === 'alpha/car/4')!.inputs;
    const withAll = pipeline.samples(data, new Set(['alpha/car/4']), opts);
    expect(paceOf(without)).not.toEqual(paceOf(withAll));
    // the component's beta car leaves beta's fields too; a group of alpha alone leaves beta as it was
    const b7 = (list: typeof without) => list.find((s) => s.kind === 'real' && s.unit === 'beta/car/7')!.inputs;
    const beta7 = b7(pipeline.samples(data, new Set(['beta/car/7']), opts));
    expect(b7(without)).not.toEqual(beta7);
    expect(b7(pipeline.samples(data, null, opts, new Set(['alpha/car/10'])))).toEqual(beta7);
  });
});

describe('held-out share per series', () => {
  const groups = [
    ...Array.from({ length: 30 }, (_, i) => `gr-cup/car/${i}`),
    ...Array.from({ length: 20 }, (_, i) => `imsa-2025/car/${i}`),
    ...Array.from({ length: 5 }, (_, i) => `wec-2025/car/${i}`),
  ];

  it('holds out the same share of each series, at least one from each', () => {
    const held = holdOutGroupsStratified(groups, seriesOfKey, 0.2, mulberry32(3));
    const per = (s: string) => held.filter((g) => seriesOfKey(g) === s).length;
    expect([per('gr-cup'), per('imsa-2025'), per('wec-2025')]).toEqual([6, 4, 1]);
    expect(new Set(held).size).toBe(held.length);
  });

  it('is the plain hold-out where there is one series', () => {
    const one = groups.slice(0, 30);
    expect(holdOutGroupsStratified(one, seriesOfKey, 0.2, mulberry32(3))).toEqual(holdOutGroups(one, 0.2, mulberry32(3)));
  });
});
