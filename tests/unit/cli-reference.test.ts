// The CLI says when the relative archetypes' reference population is missing or broken (issue 13).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envelopeText, loadRelativeReference } from '../../src/cli/analyze';
import { MAX_PROFILE_BYTES } from '../../src/core/profile-schema';
import type { Envelope } from '../../src/core/types';

describe('loadRelativeReference', () => {
  it('gives E001 for a missing file and E063 for a broken one, never a silent null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfdna-ref-'));
    expect((await loadRelativeReference(join(dir, 'none.json'))).notice?.code).toBe('E001');
    writeFileSync(join(dir, 'bad.json'), '{');
    expect((await loadRelativeReference(join(dir, 'bad.json'))).notice?.code).toBe('E063');
    writeFileSync(join(dir, 'shape.json'), '{"schema": "x"}');
    expect((await loadRelativeReference(join(dir, 'shape.json'))).notice?.code).toBe('E063');
    const shipped = await loadRelativeReference();
    expect(shipped.notice).toBeNull();
    expect(shipped.ref).not.toBeNull();
  });
});

describe('envelopeText', () => {
  const env = (drivers: number): Envelope => ({
    schema: 'performance-dna/1', generated_at: '2025-01-01T00:00:00.000Z', definition: 'classic', inputs: [],
    drivers: Array.from({ length: drivers }, (_, i) => ({
      driver_id: i, car_number: String(i), class: null, tracks_raced: ['barber'], total_races: 1, performance_metrics: {}, dna_signature: null, sector_balance_score: null, archetype: null,
      dna_signature_reason: 'x'.repeat(100),
    })),
  });
  it('indents what fits the import limit, writes compact JSON or warns W094 above it', () => {
    expect(envelopeText(env(2))).toMatchObject({ warning: null });
    expect(envelopeText(env(2)).text).toContain('\n  ');
    const big = envelopeText(env(Math.ceil(MAX_PROFILE_BYTES / 200)));
    expect(big.warning?.code).toBe('W094');
    expect(big.text).not.toContain('\n');
  });
});
