// One sentence of why the classic rules gave a driver its archetype: the seed's rules in order
// (dna-spec §1), with the driver's numbers against the thresholds of the core (CLASSIC_THRESHOLDS).
import { CLASSIC_THRESHOLDS } from '../../core/classic-dna';
import { maxOf, npStd0 } from '../../core/numeric';
import type { DriverProfile } from '../../core/types';

const f3 = (x: number) => x.toFixed(3);

export function classicReason(d: DriverProfile): string | null {
  const s = d.dna_signature;
  if (!s || !d.archetype) return null;
  const t = CLASSIC_THRESHOLDS;
  const perf = [s.track_specialization.technical, s.track_specialization.high_speed, s.track_specialization.mixed];
  const spread = npStd0(perf);
  const max = maxOf(perf);
  const specialist = spread > t.specialistSpread && max > t.specialistMax;
  const rule1 = `track-type spread ${f3(spread)} ${spread > t.specialistSpread ? '>' : '≤'} ${t.specialistSpread} and best type ${f3(max)} ${max > t.specialistMax ? '>' : '≤'} ${t.specialistMax}`;
  if (specialist) return `Track Specialist: ${rule1} (rule 1 of 5).`;
  const speed = s.speed_vs_consistency_ratio > t.speedRatio && s.speed_consistency > t.speedConsistency;
  const rule2 = `speed/consistency ratio ${f3(s.speed_vs_consistency_ratio)} ${s.speed_vs_consistency_ratio > t.speedRatio ? '>' : '≤'} ${t.speedRatio} and speed consistency ${f3(s.speed_consistency)} ${s.speed_consistency > t.speedConsistency ? '>' : '≤'} ${t.speedConsistency}`;
  if (speed) return `Speed Demon: not a specialist (${rule1}); ${rule2} (rule 2).`;
  const rule3 = `consistency index ${f3(s.consistency_index)} vs ${t.consistencyIndex} and variance ${f3(s.performance_variance)} vs ${t.consistencyVariance}`;
  if (d.archetype === 'Consistency Master') return `Consistency Master: ${rule3}, or variance below ${t.lowVariance} (rules 3-4).`;
  return `Balanced Racer: no rule matched (${rule1}; ${rule2}; ${rule3}).`;
}
