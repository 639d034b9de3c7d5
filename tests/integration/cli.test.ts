import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeReal, describeSeries, REAL_DATA_DIR } from '../helpers/real-data';

const root = join(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli/analyze.mjs');
const run = (...args: string[]) => spawnSync('node', [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PERFDNA_LOG_DIR: logDir } });
let logDir: string;
let dir: string;

beforeAll(() => {
  execFileSync('node', ['scripts/build-cli.mjs'], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'perfdna-cli-'));
  logDir = join(dir, 'logs');
  mkdirSync(join(dir, 'Sonoma', 'Race 1'), { recursive: true });
  writeFileSync(
    join(dir, 'Sonoma', 'Race 1', 'laps.csv'),
    'NUMBER;LAP_NUMBER;LAP_TIME;S1;S2;S3;KPH;FLAG_AT_FL\n5;1;1:52.000;30;41;41;130;GF\n5;2;1:51.000;30;40;41;131;GF\n',
  );
  writeFileSync(join(dir, 'generic.csv'), 'NUMBER,LAP_TIME,S1,S2,S3,KPH,track\n5,100,30,40,30,135,barber\n5,102,31,40,31,133,barber\n6,101,30,41,30,134,barber\n');
  writeFileSync(join(dir, 'junk.csv'), 'hello world\n');
});

describe('analyze CLI end to end', () => {
  it('prints a summary and writes the envelope for a folder and a generic CSV', () => {
    const out = join(dir, 'out.json');
    const r = run(join(dir, 'Sonoma'), join(dir, 'generic.csv'), '--json', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2 lap files used/);
    // the summary writes the circuit as a reader does ("Barber"); the envelope keeps the key "barber"
    expect(r.stdout).toMatch(/tracks +2: Barber, Sonoma\n/);
    expect(r.stdout).not.toMatch(/\bbarber\b/);
    const env = JSON.parse(readFileSync(out, 'utf8'));
    expect(env.schema).toBe('performance-dna/1');
    expect(env.inputs.map((i: { track: string }) => i.track)).toEqual(['Sonoma', 'barber']);
    const d5 = env.drivers.find((d: { driver_id: number }) => d.driver_id === 5);
    expect(d5.tracks_raced.sort()).toEqual(['Sonoma', 'barber']);
    expect(d5.performance_metrics.Sonoma.avg_lap_time).toBe(111.5); // (112 + 111) / 2
    expect(env.drivers.find((d: { driver_id: number }) => d.driver_id === 6).dna_signature).toBeNull();
  });

  it('carries relative profiles under --definition both and relative, none under classic', () => {
    const read = (def: string) => {
      const out = join(dir, `def-${def}.json`);
      expect(run(join(dir, 'Sonoma'), join(dir, 'generic.csv'), '--definition', def, '--json', out).status).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    const both = read('both');
    expect(both.definition).toBe('both');
    const d5 = both.drivers.find((d: { driver_id: number }) => d.driver_id === 5);
    expect(d5.relative.races.map((r: { track: string }) => r.track).sort()).toEqual(['Sonoma', 'barber']);
    expect(d5.performance_metrics.Sonoma.avg_lap_time).toBe(111.5);
    const classic = read('classic');
    expect(classic.drivers.every((d: object) => !('relative' in d))).toBe(true);
    const rel = read('relative');
    const r5 = rel.drivers.find((d: { driver_id: number }) => d.driver_id === 5);
    expect(r5.relative.races).toHaveLength(2);
    expect(r5.performance_metrics).toEqual({});
    expect(r5.dna_signature_reason).toMatch(/definition: relative/);
  });

  it('--predict puts the shipped models\' prediction beside the exact archetype', () => {
    const out = join(dir, 'pred.json');
    const r = run(join(dir, 'Sonoma'), join(dir, 'generic.csv'), '--predict', '--json', out);
    expect(r.status).toBe(0);
    const registry = JSON.parse(readFileSync(join(root, 'models/registry.json'), 'utf8'));
    const d5 = JSON.parse(readFileSync(out, 'utf8')).drivers.find((d: { driver_id: number }) => d.driver_id === 5);
    const p = d5.predicted.classic;
    expect(p.model_version).toBe(registry.latest.classic);
    expect(['Speed Demon', 'Consistency Master', 'Track Specialist', 'Balanced Racer']).toContain(p.archetype);
    const total = Object.values(p.probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 2);
    expect(Object.keys(p.dna_signature)).toEqual(expect.arrayContaining(['speed_vs_consistency_ratio', 'performance_variance']));
    expect(r.stdout).toMatch(/model +classic classic-v\d+: 1 drivers predicted/);
  });

  it('--timings prints one line of phases on stderr and leaves stdout as it was', () => {
    const plain = run(join(dir, 'Sonoma'), '--definition', 'classic');
    const timed = run(join(dir, 'Sonoma'), '--definition', 'classic', '--timings');
    expect(timed.status).toBe(0);
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.stderr).toMatch(/^timings +node \d+, modules \d+, read \d+, ingest \d+, analyse \d+, output \d+; total \d+ ms$/m);
    expect(plain.stderr).not.toMatch(/timings/);
  });

  it('exits 2 with a coded message for an unrecognised file and writes nothing', () => {
    const out = join(dir, 'never.json');
    const r = run(join(dir, 'junk.csv'), '--json', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/E013 No delimiter found/);
    expect(() => readFileSync(out)).toThrow();
    expect(readFileSync(join(logDir, 'analyze.log'), 'utf8')).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] \[ERROR\] \[analyze\] \[E013\] /m);
  });

  it('exits 2 with E092 for a missing path and E091 for a bad option', () => {
    expect(run(join(dir, 'nope.csv')).stderr).toMatch(/E092 Path not found/);
    const bad = run(dir, '--definition', 'weird');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/E091 Usage error/);
  });

  it('names a circuit nothing knows from its folder (W029, exit 0), and takes --track', () => {
    mkdirSync(join(dir, '09-thunderhill-raceway-park'), { recursive: true });
    const path = join(dir, '09-thunderhill-raceway-park', 'laps.csv');
    writeFileSync(path, 'NUMBER;LAP_TIME;S1;S2;S3;KPH\n5;100;30;40;30;135\n');
    const r = run(path);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/tracks +1: Thunderhill Raceway Park/);
    expect(r.stdout).toMatch(/W029 Track guessed/);
    const ok = run(path, '--track', 'Virginia International Raceway');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/tracks +1: VIR/);
  });
});

describeReal('analyze CLI on the whole season', () => {
  it('summarises 12 lap files, 38 car numbers, 34 with classic DNA', () => {
    const r = run(REAL_DATA_DIR);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/103 read, 12 lap files used, 91 recognised and skipped/);
    expect(r.stdout).toMatch(/laps +5928 read/);
    expect(r.stdout).toMatch(/38 car numbers, 34 with classic DNA/);
    expect(r.stdout).toMatch(/relative +(\w+ \w+ \d+, ){3}\w+ \w+ \d+/); // all four relative archetypes occur
    expect(r.stdout).not.toMatch(/^people/m); // no names and one driver number per car: the car is the driver
    // car 3 is shared in both races of two rounds: each warning names its track
    expect(r.stdout.match(/^warning +W027 .* at \w/gm)?.length).toBe(4);
  });
});

describe('analyze CLI: partial results (issue 13)', () => {
  const lapFile = (car: number) => `NUMBER;LAP_NUMBER;LAP_TIME;S1;S2;S3;KPH;FLAG_AT_FL\n${car};1;1:52.000;30;41;41;130;GF\n${car};2;1:51.000;30;40;41;131;GF\n`;

  it('exit 1: analyses the good files, lists the unusable ones with their codes and writes the envelope', async () => {
    const { readProfileJson } = await import('../../src/core/profile-schema');
    const season = join(dir, 'partial', 'barber');
    mkdirSync(season, { recursive: true });
    writeFileSync(join(season, 'a.csv'), lapFile(5));
    writeFileSync(join(season, 'b.csv'), lapFile(6));
    writeFileSync(join(season, 'notes.csv'), 'remember the tyres\n');
    writeFileSync(join(season, 'cut.csv'), 'NUMBER;LAP_NUMBER;LAP_TIME;S1;S2;S3;KPH\n');
    const out = join(dir, 'partial.json');
    const r = run(join(dir, 'partial'), join(dir, 'missing-folder'), '--json', out);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/4 read, 2 lap files used, 0 recognised and skipped \(none\), 2 left out/);
    expect(r.stderr).toMatch(/left out +3 files \(the analysis used the other 2 lap files\)/);
    expect(r.stderr).toMatch(/missing-folder: E092 /);
    expect(r.stderr).toMatch(/notes\.csv: E013 /);
    expect(r.stderr).toMatch(/cut\.csv: E052 /);
    const env = readFileSync(out, 'utf8');
    expect(JSON.parse(env).drivers.map((d: { driver_id: number }) => d.driver_id)).toEqual([5, 6]);
    expect(readProfileJson(env).ok).toBe(true);
  });

  it('exit 0 when every file is used or recognised; 2 when nothing is usable', () => {
    const one = join(dir, 'one', 'barber');
    mkdirSync(one, { recursive: true });
    writeFileSync(join(one, 'a.csv'), lapFile(5));
    expect(run(join(dir, 'one')).status).toBe(0);
    expect(run(join(dir, 'junk.csv'), join(dir, 'nope')).status).toBe(2);
  });

  it('reads 300 files under ulimit -n 64 (bounded concurrency), and a file name with a newline stays one line', () => {
    const many = join(dir, 'many', 'barber');
    mkdirSync(many, { recursive: true });
    for (let i = 0; i < 300; i++) writeFileSync(join(many, `r${i}.csv`), lapFile(100 + i));
    writeFileSync(join(many, 'evil\n[2025-01-01 00:00:00] [INFO] [analyze] [I000] fine\x1b[31m.csv'), 'x\n');
    const r = spawnSync('bash', ['-c', `ulimit -n 64 && node "${cli}" "${join(dir, 'many')}"`], { cwd: root, encoding: 'utf8', env: { ...process.env, PERFDNA_LOG_DIR: logDir } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/301 read, 300 lap files used/);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).toMatch(/evil\\x0a\[2025/);
    const log = readFileSync(join(logDir, 'analyze.log'), 'utf8');
    expect(log).not.toMatch(/^\[2025-01-01 00:00:00\] \[INFO\]/m);
  });
});

describe('analyze CLI track options', () => {
  it('takes --track PATH=NAME per file or folder and --track-type NAME=TYPE for a track it does not know', () => {
    const a = join(dir, 'opts', 'a');
    const b = join(dir, 'opts', 'b');
    mkdirSync(a, { recursive: true });
    mkdirSync(b, { recursive: true });
    writeFileSync(join(a, 'laps.csv'), 'NUMBER;LAP_TIME;S1;S2;S3;KPH\n5;100;30;40;30;135\n5;101;30;41;30;135\n');
    writeFileSync(join(b, 'laps.csv'), 'NUMBER;LAP_TIME;S1;S2;S3;KPH\n5;90;30;30;30;135\n5;91;30;31;30;135\n');
    const out = join(dir, 'opts.json');
    const r = run(join(dir, 'opts'), '--track', `${a}=Thunderhill`, '--track', `${join(b, 'laps.csv')}=Sebring`, '--track-type', 'Thunderhill=high_speed', '--json', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/tracks +2: Sebring, Thunderhill/);
    const env = JSON.parse(readFileSync(out, 'utf8'));
    const car = env.drivers.find((d: { car_number: string }) => d.car_number === '5');
    // classic: Thunderhill 100.5 s on a high_speed track, Sebring 90.5 s technical → no mixed track at all
    expect(car.dna_signature.track_specialization.mixed).toBe(1);
    expect(car.dna_signature.track_specialization.high_speed).toBeCloseTo(95.5 / 100.501, 9);
  });

  it('refuses a bare --track NAME with several lap files (E095), a PATH that matches nothing and a bad type', () => {
    const r = run(join(dir, 'opts'), '--track', 'Sebring');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/E095/);
    const nothing = run(join(dir, 'opts'), '--track', `${join(dir, 'nowhere')}=Sebring`);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/E091 .*no input file/);
    const badType = run(join(dir, 'opts'), '--track-type', 'Thunderhill=fast');
    expect(badType.status).toBe(2);
    expect(badType.stderr).toMatch(/E058/);
  });
});

for (const series of ['imsa', 'wec'] as const) {
  describeSeries(series, `analyze CLI on the whole ${series} season, no option`, (seasonDir) => {
    it('places every race, keeps every raw car number and gives every car its class', () => {
      const out = join(dir, `${series}.json`);
      const r = run(seasonDir, '--json', out);
      expect(r.status).toBe(0);
      expect(r.stdout).not.toMatch(/W029/); // no guessed track: every circuit is known
      const env = JSON.parse(readFileSync(out, 'utf8'));
      const tracks = new Set(env.inputs.map((i: { track: string }) => i.track));
      expect(tracks.size).toBe(series === 'imsa' ? 6 : 5);
      const numbers = env.drivers.map((d: { car_number: string }) => d.car_number);
      expect(new Set(numbers).size).toBe(numbers.length);
      for (const d of env.drivers) expect(d.class, `car ${d.car_number}`).toBeTruthy();
      if (series === 'wec') expect(numbers).toEqual(expect.arrayContaining(['007', '7']));
      // both series name their drivers: the summary counts the people, the envelope lists each with a class
      expect(env.people.length).toBeGreaterThan(env.drivers.length);
      for (const p of env.people) expect(p.classes.length, p.driver_key).toBeGreaterThan(0);
      expect(r.stdout).toContain(`people    ${env.people.length} drivers (${env.people.length} named in the files): `);
    });
  });
}
