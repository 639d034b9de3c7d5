// validation_report.html: one self-contained offline page per model version (inline SVG, inline CSS,
// no scripts): headline figures split by held-out real and virtual drivers, learning curves, confusion
// matrices, predicted-vs-exact scatter per target, per-fold metrics and a model card.
import type { EvaluationBlock, ModelMetadata, SeriesEvaluationBlock } from '../src/model/metadata';
import { RELIABILITY_WEIGHTS } from '../src/model/metrics';
import { barsSvg, confusionSvg, esc, PALETTE, plot } from './svg-charts';
import type { TrainingRun } from './trainer';

const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '–');
const MAX_DOTS = 400;

/** Held-out and out-of-fold figures per series (relative versions trained on several series). */
function seriesSection(meta: ModelMetadata): string {
  const ho = meta.evaluation.held_out_real_by_series;
  const cv = meta.evaluation.cross_validation_real_by_series ?? {};
  if (!ho && !Object.keys(cv).length) return '';
  const names = [...new Set([...Object.keys(ho ?? {}), ...Object.keys(cv)])].sort();
  const cell = (b: SeriesEvaluationBlock | undefined, k: keyof EvaluationBlock) => `<td>${b ? f4(b[k] as number) : '–'}</td>`;
  const who = (b: SeriesEvaluationBlock | undefined) => (b ? `${b.cars} cars, ${b.people} people` : 'none');
  const rows = names.map(
    (n) =>
      `<tr><td>${esc(n)}</td><td>${who(ho?.[n])}</td>${(['overall_reliability', 'dna_r2', 'dna_mae', 'archetype_accuracy'] as const).map((k) => cell(ho?.[n], k)).join('')}` +
      `<td>${who(cv[n])}</td>${(['overall_reliability', 'dna_r2', 'archetype_accuracy'] as const).map((k) => cell(cv[n], k)).join('')}</tr>`,
  );
  return `<h2>Per series</h2>
<p>Real cars and people of each series. A split group is a car with everyone who drove it (and their other cars; a name is the same
person in every series), so no lap of a held-out car or person is in training; the same share of each series' groups is held out.</p>
<table><tr><th>series</th><th>held-out real</th><th>reliability</th><th>DNA R²</th><th>DNA MAE</th><th>accuracy</th><th>CV real (out-of-fold)</th><th>reliability</th><th>DNA R²</th><th>accuracy</th></tr>${rows.join('')}</table>`;
}

const HEADLINE: [keyof EvaluationBlock, string][] = [
  ['overall_reliability', 'overall reliability'],
  ['dna_r2', 'DNA R² (model units)'],
  ['dna_r2_natural', 'DNA R² (natural scale)'],
  ['dna_mae', 'DNA MAE (SD units)'],
  ['archetype_accuracy', 'archetype accuracy = model-vs-rules agreement'],
  ['archetype_precision', 'weighted precision'],
  ['archetype_recall', 'weighted recall'],
  ['archetype_f1', 'weighted F1'],
  ['rules_on_predicted_dna_agreement', 'rules on predicted DNA vs exact'],
];

function metricsTable(blocks: [string, EvaluationBlock][]): string {
  const head = `<tr><th>metric</th>${blocks.map(([n, b]) => `<th>${esc(n)}<br><small>${b.drivers} drivers</small></th>`).join('')}</tr>`;
  const rows = HEADLINE.map(([k, label]) => `<tr><td>${esc(label)}</td>${blocks.map(([, b]) => `<td>${f4(b[k] as number)}</td>`).join('')}</tr>`);
  return `<table>${head}${rows.join('')}</table>`;
}

function perTargetTable(names: readonly string[], blocks: [string, EvaluationBlock][]): string {
  const head = `<tr><th>target</th>${blocks.map(([n]) => `<th>R² ${esc(n)}<br><small>model units</small></th><th>R² ${esc(n)}<br><small>natural</small></th>`).join('')}</tr>`;
  const rows = names.map(
    (t) => `<tr><td>${esc(t)}</td>${blocks.map(([, b]) => `<td>${f4(b.per_target_r2[t])}</td><td>${f4(b.per_target_r2_natural[t])}</td>`).join('')}</tr>`,
  );
  return `<table>${head}${rows.join('')}</table>`;
}

export function validationReportHtml(meta: ModelMetadata, run: TrainingRun): string {
  const ev = meta.evaluation;
  const hist = run.final.history;
  const curve = (h: typeof hist.regression, title: string) =>
    plot(
      [
        { name: 'training loss (with dropout and L2)', points: h.loss.map((v, i) => [i + 1, v]), color: PALETTE[0], mode: 'line' },
        { name: 'validation loss', points: h.val_loss.map((v, i) => [i + 1, v]), color: PALETTE[1], mode: 'line' },
      ],
      { title, xLabel: `epoch (best ${h.best_epoch} of ${h.epochs_run})`, yLabel: 'loss', logY: true, width: 420, integerX: true },
    );
  const transforms = run.final.scaler.targets.transforms;
  // At most MAX_DOTS held-out virtual dots per scatter (every k-th), so the report stays a few hundred KB.
  const step = Math.max(1, Math.ceil(run.heldOut.virtual.length / MAX_DOTS));
  const virtualDots = run.heldOut.virtual.filter((_, i) => i % step === 0);
  const scatters = meta.target_names.map((t, j) =>
    plot(
      [
        {
          name: step > 1 ? `held-out virtual (every ${step}th)` : 'held-out virtual',
          points: virtualDots.map((p) => [p.sample.targets[j], p.dnaNatural[j]]),
          color: '#9ecae1',
          mode: 'dots',
          radius: 1.8,
        },
        { name: 'held-out real', points: run.heldOut.real.map((p) => [p.sample.targets[j], p.dnaNatural[j]]), color: PALETTE[1], mode: 'dots', radius: 3.5 },
      ],
      {
        title: t,
        xLabel: `exact (rules)${transforms[j] === 'log' ? ', log axes' : ''}`,
        yLabel: 'predicted',
        logX: transforms[j] === 'log',
        logY: transforms[j] === 'log',
        diagonal: true,
        width: 300,
        height: 250,
      },
    ),
  );
  const foldLabels = ev.folds.map((f) => `fold ${f.fold}`);
  const folds = barsSvg(
    foldLabels,
    [
      { name: 'overall reliability', values: ev.folds.map((f) => f.overall_reliability), color: PALETTE[0] },
      { name: 'DNA R²', values: ev.folds.map((f) => f.dna_r2), color: PALETTE[2] },
      { name: 'accuracy', values: ev.folds.map((f) => f.archetype_accuracy), color: PALETTE[3] },
    ],
    'Per-fold metrics (grouped 5-fold CV by real driver)',
    Math.min(0.8, Math.floor(10 * Math.min(...ev.folds.flatMap((f) => [f.overall_reliability, f.dna_r2, f.archetype_accuracy]))) / 10),
    1,
  );
  const foldRows = ev.folds
    .map(
      (f) =>
        `<tr><td>${f.fold}</td><td>${f.test_real_drivers.join(', ')}</td><td>${f.drivers}</td><td>${f4(f.overall_reliability)}</td><td>${f4(f.dna_r2)}</td><td>${f4(f.dna_mae)}</td><td>${f4(f.archetype_accuracy)}</td><td>${f4(f.archetype_f1)}</td></tr>`,
    )
    .join('');
  const spread = Object.entries(ev.fold_spread)
    .map(([k, s]) => `<tr><td>${esc(k)}</td><td>${f4(s.mean)}</td><td>${f4(s.std)}</td><td>${f4(s.min)}</td><td>${f4(s.max)}</td></tr>`)
    .join('');
  const ds = meta.data_statistics as Record<string, unknown>;
  const gate = meta.gate;
  const w = RELIABILITY_WEIGHTS;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Validation report ${esc(meta.version)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.grid{display:flex;flex-wrap:wrap;gap:8px}.pass{color:#2ca02c;font-weight:bold}.fail{color:#d62728;font-weight:bold}
code{background:#f4f4f4;padding:0 3px}
</style></head><body>
<h1>Performance DNA model ${esc(meta.version)} (${esc(meta.definition)})</h1>
<p>Trained ${esc(meta.training_date)} with TensorFlow.js ${esc(meta.framework_version)} (${esc(meta.backend)} backend).
Gate: ${esc(gate.metric)} on the held-out drivers ≥ ${gate.threshold}: <span class="${gate.passed ? 'pass' : 'fail'}">${f4(gate.value)} ${gate.passed ? 'PASSED' : 'FAILED (kept as a candidate, never latest)'}</span>.
Cross-validation, for comparison: fold reliability ${f4(ev.fold_spread.overall_reliability.mean)} ± ${f4(ev.fold_spread.overall_reliability.std)}
(min ${f4(ev.fold_spread.overall_reliability.min)}); real drivers out-of-fold: agreement ${f4(ev.cross_validation_real.model_vs_rules_agreement)}, DNA R² ${f4(ev.cross_validation_real.dna_r2)}.</p>

<h2>Headline figures</h2>
<p>Held-out drivers: ${
    meta.definition === 'relative' && typeof run.heldOutDrivers[0] === 'string'
      ? `${ev.held_out_real.drivers} real cars and people in ${run.heldOutDrivers.length} groups (${esc(run.heldOutDrivers.join(', '))})`
      : `${run.heldOutDrivers.length} real drivers (car numbers ${run.heldOutDrivers.join(', ')})`
  } that no training step saw, with all
their virtual variants. Cross-validation: out-of-fold predictions of the ${ev.cross_validation_real.drivers} other real drivers.
overall_reliability = ${w.archetype_accuracy}·accuracy + ${w.dna_r2}·DNA R² + ${w.archetype_f1}·F1 + ${w.one_minus_dna_mae}·(1 − DNA MAE).</p>
${metricsTable([
  ['held-out, all', ev.held_out_all],
  ['held-out real', ev.held_out_real],
  ['held-out virtual', ev.held_out_virtual],
  ['CV real (out-of-fold)', ev.cross_validation_real],
])}

${seriesSection(meta)}

<h2>Per-target R²</h2>
${perTargetTable(meta.target_names, [
  ['held-out real', ev.held_out_real],
  ['held-out virtual', ev.held_out_virtual],
])}

<h2>Predicted vs exact, per target (held-out drivers)</h2>
<div class="grid">${scatters.join('')}</div>

<h2>Confusion matrices (rows: exact rules, columns: model)</h2>
<div class="grid">${confusionSvg(meta.archetype_classes, ev.held_out_virtual.confusion_matrix, 'Held-out virtual drivers')}
${confusionSvg(meta.archetype_classes, ev.held_out_real.confusion_matrix, 'Held-out real drivers')}
${confusionSvg(meta.archetype_classes, ev.cross_validation_real.confusion_matrix, 'CV real drivers (out-of-fold)')}</div>

<h2>Learning curves (final model)</h2>
<div class="grid">${curve(hist.regression, 'DNA regression (MSE, model units)')}${curve(hist.classifier, 'Archetype classifier (cross-entropy)')}</div>

<h2>Cross-validation</h2>
${folds}
<table><tr><th>fold</th><th>test real drivers</th><th>samples</th><th>reliability</th><th>DNA R²</th><th>DNA MAE</th><th>accuracy</th><th>F1</th></tr>${foldRows}</table>
<table><tr><th>metric over folds</th><th>mean</th><th>std</th><th>min</th><th>max</th></tr>${spread}</table>

<h2>Model card</h2>
<p><b>Intended use.</b> Reproduces the exact ${esc(meta.definition)} DNA rules of Performance DNA from timing exports, as a second opinion
shown beside the exact value. The exact rules are the reference: where they disagree, trust the exact value. Not for judging
drivers, selection or any decision about a person.</p>
<p><b>Data.</b> ${esc(String(ds.real_drivers))} real drivers with a DNA from ${esc(String(ds.source))} (${esc(String((ds.tracks as string[]).join(', ')))}; ${esc(String(ds.laps))} laps),
and ${esc(String(ds.virtual_drivers))} virtual drivers resampled from them (${
    meta.definition === 'classic'
      ? 'laps bootstrapped within each driver-track; a share over the whole season, the rest over random subsets of ≥ 2 tracks with one race or both per track'
      : 'distinct subsets of the driver\'s races over ≥ 2 tracks, a share of them over every track; relative figures are per race against the race field, so the training side of every split is recomputed without its test drivers'
  }), labelled by the exact core. All splits are by real driver.</p>
<p><b>Inputs.</b> ${meta.feature_names.length} per-driver summary statistics across tracks (see docs/models.md): <code>${meta.feature_names.map(esc).join('</code>, <code>')}</code>.</p>
<p><b>Targets.</b> ${esc(meta.target_transform)}.</p>
<p><b>Limits.</b> ${
    ds.series
      ? `${esc(String(ds.real_drivers))} real cars and people from ${Object.keys(ds.series as object).length} series (${esc(Object.keys(ds.series as object).join(', '))}), one season each, ${(ds.tracks as string[]).length} tracks`
      : `${esc(String(ds.real_drivers))} real drivers, one series, one season, ${(ds.tracks as string[]).length} tracks`
  }. Virtual drivers are resamples of the same drivers,
so they widen the input space only within what these drivers did; held-out real-driver figures rest on ${ev.held_out_real.drivers} drivers
and move by 1/${ev.held_out_real.drivers} per driver. Other series, classes, tracks or timing formats are extrapolations: inputs outside the
training ranges are flagged (W065). Archetypes near a rule threshold are the ones the model gets wrong.</p>

${
    meta.validity
      ? `<h2>Validity figures of the definition (dna-spec §3, real season)</h2>
<p>Computed on the whole real season by the core's validity functions; they describe the definition the model learns, not the model.</p>
<pre>${esc(JSON.stringify(meta.validity, null, 2))}</pre>`
      : ''
  }
${
    meta.reference_population
      ? `<h2>Reference population</h2><p>The relative archetypes are judged against these statistics (models/relative-reference.json, shipped in metadata.json): ${esc(String((meta.reference_population as { source?: string }).source ?? ''))}.</p>`
      : ''
  }
<h2>Training configuration and data</h2>
<pre>${esc(JSON.stringify({ training_config: meta.training_config, data_statistics: meta.data_statistics, timings_s: meta.timings_s }, null, 2))}</pre>
</body></html>
`;
}
