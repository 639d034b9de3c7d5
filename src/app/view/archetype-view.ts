// What the archetype card says, in one voice: the rule order the archetype was decided in (so the bold
// one is the first rule that matched, never "the second highest score"), one confidence defined in
// words, one line for the model, and a provisional mark when the data is thin. Pure functions.
import { ARCHETYPE_RULES } from '../../core/relative/archetypes';
import type { Archetype, DriverProfile } from '../../core/types';
import { archetypeOf, predictedOf, relativeOf, type ViewDefinition } from './profile-view';

export interface RuleRow {
  archetype: Archetype;
  /** 0–1 closeness score; 0.5 = the trait sits exactly on its threshold. */
  score: number;
  /** The trait reaches its threshold (score ≥ 0.5); Balanced Racer "passes" when no other does. */
  passes: boolean;
  /** The archetype the rules chose: the first row that passes. */
  chosen: boolean;
}

/** The relative rules in the order they are checked, then Balanced Racer; null without scores. */
export function ruleRows(d: DriverProfile): RuleRow[] | null {
  const rel = relativeOf(d);
  const scores = rel?.archetype_scores;
  if (!rel || !scores) return null;
  const rows: RuleRow[] = ARCHETYPE_RULES.map((r) => {
    const z = rel.traits?.[r.trait];
    return { archetype: r.archetype, score: scores[r.archetype] ?? 0, passes: typeof z === 'number' && scores[r.archetype] >= 0.5, chosen: false };
  });
  rows.push({ archetype: 'Balanced Racer', score: scores['Balanced Racer'] ?? 0, passes: !rows.some((r) => r.passes), chosen: false });
  for (const r of rows) r.chosen = r.archetype === rel.archetype;
  return rows;
}

export interface Confidence {
  /** 0–1: the chosen archetype's score. */
  value: number;
  /** clear, fairly clear, borderline */
  word: string;
}

/**
 * The one confidence of the card: the chosen archetype's score. For a trait archetype it says how far
 * the deciding trait lies past its threshold (0.5 = exactly on it); for Balanced Racer, how far the
 * strongest trait stays below its threshold. Relative only (the classic rules have no scores).
 */
export function archetypeConfidence(d: DriverProfile, def: ViewDefinition): Confidence | null {
  if (def !== 'relative') return null;
  const chosen = ruleRows(d)?.find((r) => r.chosen);
  if (!chosen) return null;
  const word = chosen.score >= 0.8 ? 'clear' : chosen.score >= 0.6 ? 'fairly clear' : 'borderline';
  return { value: chosen.score, word };
}

export const CONFIDENCE_TEXT =
  'how far the deciding trait lies past its threshold (for Balanced Racer: how far the strongest trait stays below it). 50 % = exactly on the threshold, where one more race can change the archetype; near 100 % = far from it.';

export { provisionalOf } from './profile-view';

/** A model input name as words ("track_sector_strength_s1_mean" → "S1 strength per track"). */
export function plainFeature(name: string): string {
  const words: Record<string, string> = {
    pace_gap_pct: 'pace gap',
    variation_pct: 'lap-to-lap variation',
    consistency_cv_pct: 'lap-time spread',
    potential_gap_pct: 'untapped potential',
    sector_strength_s1: 'S1 strength',
    sector_strength_s2: 'S2 strength',
    sector_strength_s3: 'S3 strength',
    sector_imbalance: 'sector balance',
    mean_sector_imbalance: 'sector balance',
    best_lap: 'best lap',
  };
  let n = name.replace(/^log_/, '');
  const perTrack = n.startsWith('track_');
  n = n.replace(/^track_/, '').replace(/_(mean|sd)$/, '');
  const byType = /^pace_by_type_(.+)$/.exec(n);
  if (byType) return `pace on ${byType[1].replace('_', '-')} tracks`;
  const w = words[n] ?? n.replace(/_/g, ' ');
  return perTrack ? `${w} per track` : w;
}

export interface ModelLine {
  kind: 'agrees' | 'differs' | 'none';
  text: string;
}

/** The model in one line: "The model agrees." or "The model would say X, because …". */
export function modelLine(d: DriverProfile, def: ViewDefinition): ModelLine {
  const exact = archetypeOf(d, def);
  const p = predictedOf(d, def);
  if (!p) return { kind: 'none', text: '' };
  const ood = p.out_of_distribution ?? [];
  const extrapolation = ood.length
    ? `this car's ${[...new Set(ood.map(plainFeature))].slice(0, 3).join(', ')} lie${ood.length === 1 ? 's' : ''} outside the drivers it was trained on (W065: an extrapolation)`
    : '';
  if (exact && p.archetype === exact) {
    return { kind: 'agrees', text: extrapolation ? `The model agrees, though ${extrapolation}.` : 'The model agrees.' };
  }
  const chosen = def === 'relative' ? ruleRows(d)?.find((r) => r.chosen) : undefined;
  const because =
    extrapolation ||
    (chosen && Math.abs(chosen.score - 0.5) < 0.15
      ? `the car sits close to a rule's threshold (${exact} by a score of ${chosen.score.toFixed(2)}; 0.50 is the threshold)`
      : 'it learned the rules from a few dozen drivers and reads this combination of figures differently');
  return { kind: 'differs', text: `The model would say ${p.archetype}, because ${because}. The exact rules decide.` };
}

/** The overview's one line about the model: how many agree, and the cars where it would say otherwise. */
export function modelSummary(drivers: readonly DriverProfile[], def: ViewDefinition): { agree: number; predicted: number; differ: { id: DriverProfile['car_number']; archetype: Archetype }[] } {
  let agree = 0;
  let predicted = 0;
  const differ: { id: DriverProfile['car_number']; archetype: Archetype }[] = [];
  for (const d of drivers) {
    const p = predictedOf(d, def);
    const exact = archetypeOf(d, def);
    if (!p || !exact) continue;
    predicted++;
    if (p.archetype === exact) agree++;
    else differ.push({ id: d.car_number, archetype: p.archetype });
  }
  return { agree, predicted, differ };
}

/** The exact value of a model output (target name) for the side-by-side on the Model page. */
export function exactTarget(d: DriverProfile, def: ViewDefinition, target: string): number | null {
  if (def === 'relative') {
    const dna = relativeOf(d)?.dna as unknown as Record<string, unknown> | undefined;
    const sector = /^sector_strength_(s[123])$/.exec(target);
    const v = sector ? (dna?.sector_strength_pct as Record<string, unknown> | undefined)?.[sector[1]] : dna?.[target];
    return typeof v === 'number' ? v : null;
  }
  const s = d.dna_signature;
  if (!s) return null;
  const type = /^(technical|high_speed|mixed)_track_performance$/.exec(target);
  if (type) return s.track_specialization[type[1] as 'technical' | 'high_speed' | 'mixed'];
  if (target === 'sector_balance_score') return d.sector_balance_score;
  const v = (s as unknown as Record<string, unknown>)[target];
  return typeof v === 'number' ? v : null;
}

/** Model metric names in words. */
export const METRIC_WORDS: Record<string, string> = {
  overall_reliability: 'Overall reliability (0–1)',
  archetype_accuracy: 'Archetype accuracy (0–1)',
  archetype_precision: 'Archetype precision (0–1)',
  archetype_recall: 'Archetype recall (0–1)',
  archetype_f1: 'Archetype F1 (0–1)',
  dna_r2: 'DNA fit, R² (0–1)',
  dna_r2_natural: 'DNA fit on the natural scale, R² (0–1)',
  dna_mae: 'DNA mean absolute error (scaled units)',
  agreement: 'Agreement with the exact rules (0–1)',
  drivers: 'Drivers',
};

/** "2026-11-27T01:41:09.960Z" → "27 Nov 2026, 01:41 UTC". */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${t.getUTCDate()} ${months[t.getUTCMonth()]} ${t.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

export const TIMING_WORDS: Record<string, string> = {
  importTf: 'TensorFlow.js import (core and layers)',
  importBackend: 'Backend import',
  backend: 'Backend start',
  fetch: 'Model download',
  sha256: 'Checks (sha256 of every file)',
  build: 'Networks built',
  selfTest: 'Test prediction',
  load: 'Load in all (download to test)',
  predict: 'Last prediction',
};
