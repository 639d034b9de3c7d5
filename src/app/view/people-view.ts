// People (the drivers within cars) for the pages: the envelope's top-level `people` array read defensively
// (older envelopes and one-driver series have none), table rows, the reference an archetype was judged
// against, and links from a car's laps to the person who drove them. Names are only those the user's own
// files carry (the core copies DRIVER_NAME; a file without it gives car and driver numbers).
import type { Archetype, Envelope } from '../../core/types';
import { normalisePersonName, type PersonProfile } from '../../core/relative/people';
import { compareText } from './format';

/** One person as the envelope carries it (docs/profile-schema.md, `people[]`; PersonProfile in core). */
export type PersonView = Omit<PersonProfile, 'relative'> & { relative: PersonRelative };

/** A person's relative profile (its `reference` names the population the archetype was judged against). */
export type PersonRelative = PersonProfile['relative'];

/** The people of an envelope (none when it has no `people`, as every file without driver columns). */
export function peopleOf(envelope: Envelope | null | undefined): PersonView[] {
  const list = (envelope as { people?: unknown } | null | undefined)?.people;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (p): p is PersonView =>
      !!p && typeof p === 'object' && typeof (p as PersonView).driver_key === 'string' && Array.isArray((p as PersonView).relative?.races),
  );
}

/** The name to show: the file's name, else "Driver 2 of #7". */
export function personLabel(p: PersonView): string {
  if (p.name && p.name.trim()) return p.name.trim().replace(/\s+/g, ' ');
  const m = /^car:(.*)\/([^/]*)$/.exec(p.driver_key);
  return m ? `Driver ${m[2]} of #${m[1]}` : p.driver_key;
}

/**
 * "against the 18 cars of class GTD", "against the GR Cup 2025 reference": the population an archetype was
 * judged against, as the core names it (RelativeProfile.reference); null when the profile does not say.
 */
export function referenceText(ref: string | null | undefined): string | null {
  if (!ref || !ref.trim()) return null;
  const r = ref.trim();
  return r.startsWith('against') ? r : `against the ${r.replace(/^the /, '')}`;
}

/** The reference of a car profile or a person: `reference` on the relative profile when the core gives one. */
export function referenceOf(rel: unknown): string | null {
  return referenceText((rel as { reference?: string | null } | null | undefined)?.reference);
}

export interface PersonRow {
  key: string;
  label: string;
  cars: string[];
  classes: string[];
  races: number;
  cleanLaps: number;
  paceGapPct: number | null;
  archetype: Archetype | null;
  provisional: string | null;
  lowConfidence: boolean;
}

function meanOf(xs: readonly (number | null | undefined)[]): number | null {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

export function personRow(p: PersonView): PersonRow {
  const rel = p.relative;
  const dnaPace = (rel.dna as { pace_gap_pct?: number | null } | undefined)?.pace_gap_pct;
  return {
    key: p.driver_key,
    label: personLabel(p),
    cars: [...p.cars],
    classes: [...p.classes],
    races: rel.races.length,
    cleanLaps: rel.races.reduce((s, r) => s + (r.clean_laps ?? 0), 0),
    paceGapPct: typeof dnaPace === 'number' ? dnaPace : meanOf(rel.races.map((r) => r.pace_gap_pct)),
    archetype: rel.archetype ?? null,
    provisional: rel.provisional ?? null,
    lowConfidence: rel.low_confidence ?? false,
  };
}

/** People rows, by name. */
export function personRows(people: readonly PersonView[]): PersonRow[] {
  return people.map(personRow).sort((a, b) => compareText(a.label, b.label));
}

/** Filter by class ('' = all) and free text (name, car number, class, archetype). */
export function filterPeople(rows: readonly PersonRow[], cls: string, text: string): PersonRow[] {
  const q = text.trim().toLowerCase().replace(/^#/, '');
  return rows.filter(
    (r) =>
      (cls === '' || r.classes.includes(cls)) &&
      (q === '' ||
        r.label.toLowerCase().includes(q) ||
        r.cars.some((c) => c.toLowerCase() === q) ||
        r.classes.some((c) => c.toLowerCase() === q) ||
        (r.archetype ?? '').toLowerCase().includes(q)),
  );
}

/** People per class, by class name. */
export function peopleClassCounts(rows: readonly PersonRow[]): { cls: string; cars: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) for (const c of r.classes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([cls, cars]) => ({ cls, cars })).sort((a, b) => compareText(a.cls, b.cls));
}

/**
 * The person page of whoever drove some laps of a car: `lapKey` is class-view's lapDriverKey (a name in
 * lower case, or "#<driver number>"). Null when the analysis has no such person.
 */
export function personHref(envelope: Envelope, lapKey: string, car: string): string | null {
  const key = lapKey.startsWith('#') ? `car:${car}/${lapKey.slice(1)}` : `name:${normalisePersonName(lapKey)}`;
  return peopleOf(envelope).some((p) => p.driver_key === key) ? personHrefOf(key) : null;
}

export const personHrefOf = (key: string): string => `#/person/${encodeURIComponent(key)}`;

export type PersonSortKey = 'label' | 'paceGapPct' | 'cleanLaps' | 'races' | 'archetype';

/** People sorted by a column; missing values always last, whatever the direction; ties by name. */
export function sortPeople(rows: readonly PersonRow[], key: PersonSortKey, dir: 'asc' | 'desc'): PersonRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? compareText(a.label, b.label) : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : compareText(String(x), String(y));
    return c !== 0 ? sign * c : compareText(a.label, b.label);
  });
}
