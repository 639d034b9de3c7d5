// The strict reader of shared profile files: what it accepts (every envelope the app exports) and how it
// refuses the rest, each with its code: E071 too large, E072 not JSON, E073 not the schema, E074 a
// prototype key. docs/profile-schema.json must be what the reader checks.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportEnvelope, envelopeJson } from '../../src/app/library/envelope-export';
import { MAX_DEPTH, MAX_PROFILE_BYTES, profileJsonSchema, readProfileJson, type SharedEnvelope } from '../../src/core/profile-schema';
import type { AnalysisView } from '../../src/worker/api';
import { sampleAnalysis } from './library-fixture';

let view: AnalysisView;
let valid: SharedEnvelope;
beforeAll(async () => {
  view = await sampleAnalysis();
  valid = exportEnvelope({ envelope: view.envelope, reports: view.reports, laps: view.laps }, { includeLaps: true });
});

/** A deep copy of the valid envelope, changed by `edit`, as JSON text. */
function variant(edit: (e: Record<string, any>) => void): string {
  const copy = JSON.parse(JSON.stringify(valid));
  edit(copy);
  return JSON.stringify(copy);
}

function refusal(text: string | Uint8Array, maxBytes?: number): { code: string; detail?: string } {
  const r = readProfileJson(text, maxBytes);
  if (r.ok) throw new Error('expected a refusal, the file was accepted');
  return r.error;
}

describe('profile schema: accepts what the app exports', () => {
  it('reads a whole analysis with laps back to the same envelope', () => {
    const r = readProfileJson(envelopeJson(valid));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.envelope).toEqual(valid);
  });

  it('reads one driver without laps', () => {
    const one = exportEnvelope({ envelope: view.envelope, reports: view.reports, laps: view.laps }, { driverId: view.envelope.drivers[0].car_number });
    const r = readProfileJson(envelopeJson(one));
    expect(r.ok && r.envelope.drivers.length).toBe(1);
    expect(r.ok && r.envelope.laps).toBeUndefined();
  });

  it('carries every car’s stints and reads them back; a stint with an unknown end is refused', () => {
    expect(valid.drivers.every((d) => Array.isArray(d.stints) && d.stints.length > 0)).toBe(true);
    const r = readProfileJson(envelopeJson(valid));
    expect(r.ok && r.envelope.drivers[0].stints).toEqual(valid.drivers[0].stints);
    const bad = variant((e) => {
      e.drivers[0].stints[0].ended_by = 'crash';
    });
    expect(refusal(bad).code).toBe('E073');
  });

  it('reads bytes with a UTF-8 BOM', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${envelopeJson(valid)}`);
    expect(readProfileJson(bytes).ok).toBe(true);
  });

  it('accepts a driver with one track (dna_signature null and its reason)', () => {
    const text = variant((e) => {
      e.drivers[0].dna_signature = null;
      e.drivers[0].dna_signature_reason = 'needs two tracks';
      e.drivers[0].archetype = null;
    });
    expect(readProfileJson(text).ok).toBe(true);
  });

  it('docs/profile-schema.json is the schema the reader checks (regenerate: node --import tsx scripts/write-profile-schema.ts)', () => {
    const file = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../docs/profile-schema.json'), 'utf8'));
    expect(file).toEqual(profileJsonSchema());
    expect(file.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(file.additionalProperties).toBe(false);
  });
});

describe('profile schema: refuses with a code', () => {
  it('E071 for a file over the limit, before parsing it', () => {
    expect(refusal('{"schema": "performance-dna/1"}', 10).code).toBe('E071');
    expect(refusal(new Uint8Array(11), 10).code).toBe('E071');
    expect(MAX_PROFILE_BYTES).toBe(20 * 1024 * 1024);
    expect(refusal(' '.repeat(MAX_PROFILE_BYTES + 1)).code).toBe('E071');
  });

  it('E071 counts UTF-8 bytes, not characters', () => {
    // 4 characters, 12 bytes
    expect(refusal('"€€€"', 10).code).toBe('E071');
  });

  it('E072 for text that is not JSON', () => {
    expect(refusal('{"schema": "performance-dna/1",').code).toBe('E072');
    expect(refusal('').code).toBe('E072');
    expect(refusal('NaN').code).toBe('E072');
  });

  it('E072 for bytes that are not UTF-8', () => {
    expect(refusal(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])).code).toBe('E072');
  });

  it('E074 for __proto__ at the top, deep inside, or in a map of tracks, and Object.prototype stays clean', () => {
    const top = envelopeJson(valid).replace('{', '{"__proto__": {"polluted": true},');
    expect(refusal(top)).toMatchObject({ code: 'E074', detail: '$: key "__proto__"' });
    const deep = variant((e) => {
      e.drivers[1].performance_metrics.COTA = JSON.parse('{"__proto__": {"isAdmin": true}}');
    });
    expect(refusal(deep)).toMatchObject({ code: 'E074', detail: '$.drivers[1].performance_metrics.COTA: key "__proto__"' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('E074 for constructor and prototype keys', () => {
    expect(refusal(variant((e) => (e.drivers[0].constructor = { prototype: {} }))).code).toBe('E074');
    expect(refusal(variant((e) => (e.inputs[0].prototype = 1))).code).toBe('E074');
    expect(refusal(variant((e) => (e.laps.rows[0][12] = { constructor: 1 }))).code).toBe('E074');
  });

  it('E073 for an unknown key, anywhere', () => {
    expect(refusal(variant((e) => (e.extra = 1)))).toMatchObject({ code: 'E073', detail: '$: unknown key "extra"' });
    expect(refusal(variant((e) => (e.drivers[2].nickname = 'x')))).toMatchObject({ code: 'E073', detail: '$.drivers[2]: unknown key "nickname"' });
    expect(refusal(variant((e) => (e.drivers[0].dna_signature.extra = 1))).code).toBe('E073');
  });

  it('E073 for a missing key', () => {
    expect(refusal(variant((e) => delete e.drivers))).toMatchObject({ code: 'E073', detail: '$: missing key "drivers"' });
    expect(refusal(variant((e) => delete e.inputs[0].sha256)).detail).toBe('$.inputs[0]: missing key "sha256"');
  });

  it('E073 for values of the wrong type or out of range', () => {
    const cases: [string, (e: Record<string, any>) => void, string][] = [
      ['schema version', (e) => (e.schema = 'performance-dna/2'), '$.schema'],
      ['definition', (e) => (e.definition = 'fastest'), '$.definition'],
      ['generated_at', (e) => (e.generated_at = 'yesterday'), '$.generated_at'],
      ['driver id as text', (e) => (e.drivers[0].driver_id = '14'), '$.drivers[0].driver_id'],
      ['fractional driver id', (e) => (e.drivers[0].driver_id = 1.5), '$.drivers[0].driver_id'],
      ['negative rows', (e) => (e.inputs[1].rows = -1), '$.inputs[1].rows'],
      ['sha256', (e) => (e.inputs[0].sha256 = 'abc'), '$.inputs[0].sha256'],
      ['archetype', (e) => (e.drivers[0].archetype = 'Rocket'), '$.drivers[0].archetype'],
      ['tracks as text', (e) => (e.drivers[0].tracks_raced = 'COTA'), '$.drivers[0].tracks_raced'],
      ['metric as text', (e) => (e.drivers[0].performance_metrics.COTA.best_lap = '1:40.1'), '$.drivers[0].performance_metrics.COTA.best_lap'],
      ['drivers as object', (e) => (e.drivers = {}), '$.drivers'],
      ['lap cell', (e) => (e.laps.rows[3][10] = 'B'), '$.laps.rows[3][10]'],
      ['short lap row', (e) => e.laps.rows[0].pop(), '$.laps.rows[0]'],
      ['renamed lap column', (e) => (e.laps.columns[1] = 'car'), '$.laps.columns[1]'],
    ];
    for (const [what, edit, path] of cases) {
      const error = refusal(variant(edit));
      expect(error.code, what).toBe('E073');
      expect(error.detail, what).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&')}: `));
    }
  });

  it('E073 for a number JSON cannot hold (1e400 parses to Infinity)', () => {
    const text = envelopeJson(valid).replace(/"best_lap": [0-9.]+/, '"best_lap": 1e400');
    expect(refusal(text)).toMatchObject({ code: 'E073' });
    expect(refusal(text).detail).toContain('finite number');
  });

  it('E073 for nesting deeper than the envelope ever goes, without overflowing the stack', () => {
    const deep = `{"schema":"performance-dna/1","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const error = refusal(deep);
    expect(error.code).toBe('E073');
    expect(error.detail).toContain(`deeper than ${MAX_DEPTH}`);
  });

  it('E073 for a top level that is not an object', () => {
    expect(refusal('[]').code).toBe('E073');
    expect(refusal('null').code).toBe('E073');
    expect(refusal('"performance-dna/1"').code).toBe('E073');
  });

  it('E073 for two drivers with one id, and for a lap row pointing at no input', () => {
    expect(refusal(variant((e) => e.drivers.push(e.drivers[0]))).detail).toMatch(/appears twice/);
    expect(refusal(variant((e) => (e.laps.rows[0][0] = 99))).detail).toMatch(/input 99 does not exist/);
  });
});
