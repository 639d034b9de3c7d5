// Names and units of the DNA figures as a coach reads them: "S1 strength", "Technical tracks vs own
// mean", never a raw key (sector_strength_pct.s1, (high_speed)). Pure.
import { explain } from './explain';
import { fmtNum, fmtPct } from './format';
import type { ViewDefinition } from './profile-view';

const TRACK_TYPE_WORDS: Record<string, string> = { technical: 'Technical', high_speed: 'High-speed', mixed: 'Mixed' };

export interface FigureName {
  label: string;
  /** Short unit shown after the number: %, points, z, km/h per s… */
  unit: string;
}

/** Name and unit of a figure by the key the page renders ('sector_strength_pct.s1', 'speed_z', …). */
export function figureLabel(def: ViewDefinition, key: string, formulaKey = key): FigureName {
  const [base, sub] = key.split('.');
  const e = explain(def, formulaKey) ?? explain(def, base);
  let label = e?.label ?? base.replace(/_/g, ' ');
  if (sub && /^s[123]$/.test(sub)) label = `${sub.toUpperCase()} strength`;
  else if (sub && TRACK_TYPE_WORDS[sub]) label = `${TRACK_TYPE_WORDS[sub]} tracks vs own mean`;
  const unit = base.endsWith('_pct') ? '%' : base.endsWith('_pp') ? 'points' : base.endsWith('_z') ? 'z' : (e?.unit ?? '');
  return { label, unit };
}

/**
 * Why a figure is missing, as a coach reads it: the figure's label (never its key) and the core's reason
 * with track types in words ("Top speed vs field: the files carry no TOP_SPEED", "… (all high-speed)").
 */
export function missingText(def: ViewDefinition, key: string, why: string): string {
  const words = why.replace(/\b(technical|high_speed|mixed)\b/g, (t) => TRACK_TYPE_WORDS[t].toLowerCase());
  return `${figureLabel(def, key, `dna_${key}`).label}: ${words}`;
}

/** A figure's number with its unit. */
export function fmtFigure(value: number | null | undefined, unit: string): string {
  if (unit === '%') return fmtPct(value, 2);
  if (unit === 'points') return value === null || value === undefined ? fmtNum(value) : `${fmtNum(value, 2).replace('-', '−')} pt`;
  if (unit === 'z') return value === null || value === undefined ? fmtNum(value) : `${fmtNum(value, 2).replace('-', '−')} z`;
  const n = fmtNum(value, 3);
  return unit && value !== null && value !== undefined ? `${n} ${unit}` : n;
}
