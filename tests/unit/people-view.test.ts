// The app's people views: labels from what the file carries (a name, else driver and car number), the
// reference an archetype was judged against, filters and links from a car's laps to the person.
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/core/types';
import { filterPeople, peopleOf, personHref, personLabel, personRows, referenceText, type PersonView } from '../../src/app/view/people-view';
import { parseHash, hrefOf } from '../../src/app/route';
import { missingText } from '../../src/app/view/figures';

function person(key: string, name: string | null, cars: string[], classes: string[], gaps: (number | null)[], over: Partial<PersonView['relative']> = {}): PersonView {
  return {
    name,
    driver_key: key,
    cars,
    classes,
    laps: 40,
    relative: { races: gaps.map((g) => ({ pace_gap_pct: g, clean_laps: 10 })), archetype: 'Speed Demon', provisional: null, ...over } as unknown as PersonView['relative'],
  };
}

const ann = person('name:ann  smith', 'Ann  Smith', ['7'], ['GTP'], [0.5, 1.5]);
const two = person('car:04/2', null, ['04'], ['GTD'], [2], { provisional: 'one race only' });
const env = { drivers: [], people: [ann, two, { junk: true }] } as unknown as Envelope;

describe('people views', () => {
  it('reads the envelope defensively and labels people by what the file carries', () => {
    expect(peopleOf(env)).toHaveLength(2);
    expect(peopleOf({ drivers: [] } as unknown as Envelope)).toEqual([]);
    expect(personLabel(ann)).toBe('Ann Smith');
    expect(personLabel(two)).toBe('Driver 2 of #04');
  });

  it('rows: mean pace gap of the races where the DNA gives none; provisional kept; filters by class and text', () => {
    const rows = personRows([ann, two]);
    expect(rows.map((r) => r.label)).toEqual(['Ann Smith', 'Driver 2 of #04']);
    expect(rows[0].paceGapPct).toBeCloseTo(1, 10);
    expect(rows[0].cleanLaps).toBe(20);
    expect(rows[1].provisional).toBe('one race only');
    expect(filterPeople(rows, 'GTD', '').map((r) => r.key)).toEqual(['car:04/2']);
    expect(filterPeople(rows, '', 'smith').map((r) => r.key)).toEqual(['name:ann  smith']);
    expect(filterPeople(rows, '', '#04').map((r) => r.key)).toEqual(['car:04/2']);
  });

  it('names the reference an archetype was judged against', () => {
    // the two forms the core writes (RelativeProfile.reference)
    expect(referenceText('18 cars of class GTD')).toBe('against the 18 cars of class GTD');
    expect(referenceText('GR Cup 2025 reference')).toBe('against the GR Cup 2025 reference');
    expect(referenceText('')).toBeNull();
    expect(referenceText(null)).toBeNull();
  });

  it('links a car\'s laps to the person by the core\'s key (name case- and space-insensitive, else car/driver number)', () => {
    const e = { drivers: [], people: [person('name:ann smith', 'Ann Smith', ['7'], [], [0]), two] } as unknown as Envelope;
    expect(personHref(e, 'ann smith', '7')).toBe('#/person/name%3Aann%20smith');
    expect(personHref(e, '#2', '04')).toBe('#/person/car%3A04%2F2');
    expect(personHref(e, '#2', '4')).toBeNull();
    // the route round-trips a key with a slash in it
    expect(parseHash('#/person/car%3A04%2F2')).toEqual({ name: 'person', key: 'car:04/2' });
    expect(hrefOf({ name: 'person', key: 'car:04/2' })).toBe('#/person/car%3A04%2F2');
    expect(parseHash('#/people')).toEqual({ name: 'people' });
  });
});

describe('why a figure is missing, as the person and car pages write it', () => {
  it('names the figure by its label, never its key, and writes track types in words', () => {
    // the reasons the core writes for the IMSA season (no TOP_SPEED column; a driver on one kind of track)
    expect(missingText('relative', 'top_speed_gap_pct', 'the files carry no TOP_SPEED')).toBe('Top speed vs field: the files carry no TOP_SPEED');
    expect(missingText('relative', 'specialisation_advantage_pp', 'needs tracks of two types or more (all high_speed)')).toBe(
      'Best track type advantage: needs tracks of two types or more (all high-speed)',
    );
    expect(missingText('relative', 'adaptability_pp', 'needs relative pace on two tracks or more (has 1)')).toBe(
      'Adaptability (spread of track pace): needs relative pace on two tracks or more (has 1)',
    );
    for (const k of ['top_speed_gap_pct', 'specialisation_advantage_pp', 'adaptability_pp', 'specialisation_pp']) {
      expect(missingText('relative', k, 'x')).not.toMatch(/_/);
    }
  });
});
