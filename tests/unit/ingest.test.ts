import { describe, expect, it } from 'vitest';
import { Windows1252Decoder } from '../../src/core/decode';
import { ingestFile } from '../../src/core/ingest';
import { ingestAll, siblingTracks } from '../../src/core/analysis';
import { inferFromPath, normaliseTrack, trackType } from '../../src/core/tracks';
import type { InputFile } from '../../src/core/types';

const enc = new TextEncoder();
const file = (path: string, text: string | Uint8Array): InputFile => ({
  name: path.split('/').pop()!,
  path,
  bytes: typeof text === 'string' ? enc.encode(text) : text,
});

const AL_KAMEL_HEADER =
  'NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; LAP_IMPROVEMENT; CROSSING_FINISH_LINE_IN_PIT; S1; S1_IMPROVEMENT; S2; S2_IMPROVEMENT; S3; S3_IMPROVEMENT; KPH; ELAPSED; HOUR;S1_LARGE;S2_LARGE;S3_LARGE;TOP_SPEED;PIT_TIME;CLASS;GROUP;MANUFACTURER;FLAG_AT_FL;S1_SECONDS;S2_SECONDS;S3_SECONDS;IM1a_time;IM1a_elapsed;INT-1_time;INT-1_elapsed';
const lap = (n: number, lapNo: number, t: string, pit = '', flag = 'GF', pitTime = '') =>
  `${n};1;${lapNo};${t};0;${pit};33.659;0;1:01.873;0;1:01.364;0;125.6;9:11.716;16:03:51.955;0:33.659;1:01.873;1:01.364;200.0;${pitTime};Am;;Toyota;${flag};33.659;61.873;61.364;20.811;20.811;12.848;33.659`;

describe('ingestFile: Al Kamel lap analysis', () => {
  const text = [AL_KAMEL_HEADER, lap(7, 1, '2:36.896'), lap(7, 2, '2:33.653', 'B'), lap(7, 3, '3:10.000', '', 'FCY', '1:05.2')].join('\n');

  it('reads typed laps with times in seconds, trimmed headers and INT-1 as IM1', async () => {
    const { report, laps, columns } = await ingestFile(file('COTA/Race 1/23_AnalysisEnduranceWithSections_Race 1.CSV', text));
    expect(report.kind).toBe('lap-analysis');
    expect(report.delimiter).toBe(';');
    expect(report.columnsFound).toContain('LAP_TIME'); // " LAP_TIME" trimmed
    expect(report.track).toBe('COTA');
    expect(report.trackSource).toBe('folder');
    expect(report.race).toBe('Race 1');
    expect(laps).toHaveLength(3);
    expect(laps[0]).toMatchObject({ carNumber: '7', lapNumber: 1, s1S: 33.659, speedKph: 125.6, topSpeedKph: 200, flag: 'GF', pitIn: false });
    expect(laps[0].lapTimeS).toBeCloseTo(156.896, 9);
    expect(laps[0].s2S).toBeCloseTo(61.873, 9);
    expect(laps[0].intermediatesS.IM1).toBeCloseTo(12.848, 9); // INT-1_time, the split since IM1a
    expect(laps[1].pitIn).toBe(true);
    expect(laps[2]).toMatchObject({ flag: 'FCY' });
    expect(laps[2].pitTimeS).toBeCloseTo(65.2, 9);
    expect(columns).toMatchObject({ flag: true, pitIn: true, pitTime: true, topSpeed: true, lapNumber: true });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same rows whatever the chunk size (lines cut across chunks)', async () => {
    const whole = await ingestFile(file('COTA/x.CSV', text));
    for (const chunkBytes of [7, 64, 333]) {
      const chunked = await ingestFile(file('COTA/x.CSV', text), { chunkBytes });
      expect(chunked.laps).toEqual(whole.laps);
    }
  });

  it('reports progress as bytes done of total, ending at the total', async () => {
    const seen: [number, number][] = [];
    const bytes = enc.encode(text);
    await ingestFile(file('COTA/x.CSV', bytes), { chunkBytes: 100, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toEqual([bytes.length, bytes.length]);
    expect(seen.every(([d], i) => i === 0 || d >= seen[i - 1][0])).toBe(true);
  });

  it('stops with E056 when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await ingestFile(file('COTA/x.CSV', text), { signal: ac.signal });
    expect(r.report.errors.map((e) => e.code)).toEqual(['E056']);
    expect(r.laps).toEqual([]);
  });
});

describe('ingestFile: generic CSV and encodings', () => {
  const generic = 'NUMBER, LAP_TIME, S1, S2, S3, KPH, track\n5,1:40.000,30.1,40.2,29.7,135.0,Barber Motorsports Park\n5,101.5,30.5,40.5,30.5,133.0,barber\n';

  it('takes the comma delimiter, the track column and long track names', async () => {
    const { report, laps } = await ingestFile(file('mine.csv', generic));
    expect(report.kind).toBe('generic');
    expect(report.delimiter).toBe(',');
    expect(report.trackSource).toBe('column');
    expect(laps.map((l) => l.track)).toEqual(['barber', 'barber']);
    expect(laps[0].lapTimeS).toBe(100);
    expect(report.warnings.map((w) => w.code)).toContain('W023'); // no flag/pit columns
  });

  it('handles CRLF line ends, a UTF-8 BOM and empty lines', async () => {
    const crlf = '\uFEFF' + generic.replace(/\n/g, '\r\n').replace('\r\n5,101', '\r\n\r\n\r\n5,101');
    const { report, laps } = await ingestFile(file('mine.csv', crlf));
    expect(report.encoding).toBe('utf-8-bom');
    expect(report.columnsFound[0]).toBe('NUMBER');
    expect(laps).toHaveLength(2);
    expect(laps[1].speedKph).toBe(133);
  });

  it('handles tab and pipe delimiters and quoted fields with delimiters and newlines inside', async () => {
    const tab = 'NUMBER\tLAP_TIME\tS1\tS2\tS3\tKPH\ttrack\n9\t99.5\t30\t40\t29.5\t130\t"Sonoma\nRaceway"\n';
    const t = await ingestFile(file('t.csv', tab), { chunkBytes: 5 });
    expect(t.report.delimiter).toBe('\t');
    expect(t.laps).toHaveLength(1);
    expect(t.laps[0].track).toBe('Sonoma'); // "Sonoma\nRaceway" squashed to the long name
    const pipe = 'NUMBER|LAP_TIME|S1|S2|S3|KPH|track\n"9"|"99.5"|30|40|29.5|130|"VIR"\n';
    const p = await ingestFile(file('p.csv', pipe));
    expect(p.report.delimiter).toBe('|');
    expect(p.laps[0]).toMatchObject({ carNumber: '9', lapTimeS: 99.5, track: 'VIR' });
  });

  it('decodes text that is not valid UTF-8 as windows-1252', async () => {
    // 0x96 is an en dash in windows-1252 and invalid on its own in UTF-8; 0xE9 is é.
    const head = enc.encode('NUMBER;LAP_TIME;S1;S2;S3;KPH;track;NOTE\n5;100;30;40;30;135;barber;');
    const bytes = new Uint8Array([...head, 0x96, 0x20, 0xe9, 0x0a]);
    const { report, laps } = await ingestFile(file('w.csv', bytes), { chunkBytes: 16 });
    expect(report.encoding).toBe('windows-1252');
    expect(laps).toHaveLength(1);
    expect(new Windows1252Decoder().decode(new Uint8Array([0x80, 0x96, 0xe9, 0x41]))).toBe('\u20ac\u2013éA');
  });

  it('skips lines of only delimiters or spaces as empty lines, without counting them', async () => {
    const text = 'NUMBER;LAP_TIME;S1;S2;S3;KPH;track\n5;100;30;40;30;135;barber\n;;;;;;\n   \n ; ; \n6;101;30;40;31;134;barber\n';
    const { report, laps } = await ingestFile(file('b.csv', text));
    expect(laps.map((l) => l.carNumber)).toEqual(['5', '6']);
    expect(report.rowsRead).toBe(2);
    expect(report.rowsRejected).toEqual({});
  });

  it('counts header columns outside quotes when choosing the delimiter', async () => {
    // ";" inside the quoted name must not make ";" the delimiter: only "," gives more than 5 columns.
    const text = '"NUMBER","LAP;TIME;X;Y;Z;W",S1,S2,S3,KPH,track\n5,1,30,40,30,135,barber\n';
    const { report } = await ingestFile(file('q.csv', text));
    expect(report.delimiter).toBe(',');
    expect(report.columnsFound[1]).toBe('LAP;TIME;X;Y;Z;W');
  });

  it('rejects rows without a car number, by reason, and keeps the rest', async () => {
    const text = 'NUMBER,LAP_TIME,S1,S2,S3,KPH,track\n,100,30,40,30,135,barber\nabc,100,30,40,30,135,barber\n4,100,30,40,30,135,barber\n';
    const { report, laps } = await ingestFile(file('r.csv', text));
    expect(laps).toHaveLength(1);
    expect(report.rowsRejected).toEqual({ 'missing-car-number': 1, 'bad-car-number': 1 });
    expect(report.warnings.map((w) => w.code)).toContain('W022');
  });
});

describe('ingestFile: coded errors', () => {
  const codes = async (path: string, text: string | Uint8Array, track?: string) =>
    (await ingestFile(file(path, text), { track })).report.errors.map((e) => e.code);

  it('E011 empty file', async () => expect(await codes('a.csv', '')).toEqual(['E011']));
  it('E012 binary file', async () => expect(await codes('a.xlsx', new Uint8Array([80, 75, 3, 4, 0, 0, 1]))).toEqual(['E012']));
  it('E013 no delimiter giving more than 5 columns', async () => expect(await codes('a.csv', 'a,b,c\n1,2,3\n')).toEqual(['E013']));
  it('E019 unknown header', async () => expect(await codes('a.csv', 'A;B;C;D;E;F;G\n1;2;3;4;5;6;7\n')).toEqual(['E019']));
  it('E046 missing KPH in a lap file', async () =>
    expect(await codes('barber/a.csv', 'NUMBER;LAP_NUMBER;LAP_TIME;S1;S2;S3;FLAG_AT_FL\n1;1;100;30;40;30;GF\n')).toEqual(['E046']));
  it('E051 unknown track without a track column', async () =>
    expect(await codes('x/a.csv', 'NUMBER;LAP_TIME;S1;S2;S3;KPH\n1;100;30;40;30;135\n')).toEqual(['E051']));
  it('no E051 when the track is given explicitly', async () =>
    expect(await codes('x/a.csv', 'NUMBER;LAP_TIME;S1;S2;S3;KPH\n1;100;30;40;30;135\n', 'Road America')).toEqual([]));
  it('E052 header only', async () => expect(await codes('barber/a.csv', 'NUMBER;LAP_TIME;S1;S2;S3;KPH\n')).toEqual(['E052']));
  it('recognises non-lap exports with W020, no error', async () => {
    const r = await ingestFile(file('COTA/Race 1/26_Weather_Race 1.CSV', 'TIME_UTC_SECONDS;TIME_UTC_STR;AIR_TEMP;TRACK_TEMP;HUMIDITY;PRESSURE\n1;x;28;43;61;993\n'));
    expect(r.report.kind).toBe('weather');
    expect(r.report.errors).toEqual([]);
    expect(r.report.warnings.map((w) => w.code)).toEqual(['W020']);
    expect(r.report.used).toBe(false);
  });
});

describe('tracks', () => {
  it('infers track and race from the real folder layouts', () => {
    expect(inferFromPath('COTA/Race 2/23_AnalysisEnduranceWithSections_ Race 2_Anonymized.CSV')).toEqual({ track: 'COTA', trackSource: 'folder', race: 'Race 2' });
    expect(inferFromPath('gr-cup/barber/23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV')).toEqual({ track: 'barber', trackSource: 'folder', race: 'Race 1' });
    expect(inferFromPath('Road America/Race 1/x.CSV').track).toBe('Road America');
    expect(inferFromPath('uploads/sebring_lap_time_R2.csv')).toEqual({ track: 'Sebring', trackSource: 'file-name', race: 'Race 2' });
    expect(inferFromPath('R1_barber_lap_time.csv').race).toBe('Race 1');
    expect(inferFromPath('data/laps.csv').track).toBeNull();
  });
  it('matches long names case-insensitively and types tracks per the spec', () => {
    expect(normaliseTrack('Circuit of the Americas')).toBe('COTA');
    expect(normaliseTrack('VIRGINIA INTERNATIONAL RACEWAY')).toBe('VIR');
    expect(normaliseTrack('sebring international raceway')).toBe('Sebring');
    expect(normaliseTrack('WeatherTech Raceway Laguna Seca')).toBe('Laguna Seca');
    expect(normaliseTrack('Club Circuit')).toBe('Club Circuit');
    expect(['barber', 'Sebring', 'Sonoma', 'Road America', 'COTA', 'VIR', 'Club Circuit'].map((t) => trackType(t))).toEqual([
      'technical', 'technical', 'technical', 'high_speed', 'mixed', 'mixed', 'mixed',
    ]);
    expect(trackType('Club Circuit', { 'Club Circuit': 'technical' })).toBe('technical');
  });
});

describe('a lap file placed from its siblings, and real row counts while the track is unknown', () => {
  const enc = new TextEncoder();
  const header = 'NUMBER;DRIVER_NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;CROSSING_FINISH_LINE_IN_PIT;S1;S1_IMPROVEMENT;S2;S2_IMPROVEMENT;S3;S3_IMPROVEMENT;KPH;ELAPSED;HOUR;S1_LARGE;S2_LARGE;S3_LARGE;TOP_SPEED;PIT_TIME;CLASS;GROUP;MANUFACTURER;FLAG_AT_FL;S1_SECONDS;S2_SECONDS;S3_SECONDS';
  const row = (car: number, lap: number) => `${car};1;${lap};2:10.000;0;;40.000;0;50.000;0;40.000;0;150.0;${lap * 130};;0:40.000;0:50.000;0:40.000;200.0;;Am;;Toyota;GF;40.000;50.000;40.000`;
  const lapFile = (name: string) => ({ name, path: name, bytes: enc.encode([header, row(7, 1), row(7, 2), row(7, 3), row(9, 1)].join('\n')) });
  const sibling = (name: string) => ({ name, path: name, bytes: enc.encode('Time;Track Temp\n10:00;30\n') });

  it('an unknown-track lap file reports its real rows (not 0) and uses none', async () => {
    const set = await ingestAll([lapFile('23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV')]);
    const r = set.reports[0];
    expect(r.errors.map((e) => e.code)).toContain('E051');
    expect(r.rowsRead).toBe(4);
    expect(r.rowsAccepted).toBe(4);
    expect(r.used).toBe(false);
    expect(set.laps).toHaveLength(0);
  });

  it('takes the track the other files of the same pick name ("COTA_lap_time_R1.csv")', async () => {
    expect(siblingTracks([{ path: 'a.CSV', name: 'a.CSV' }, { path: 'COTA_lap_time_R1.csv', name: 'COTA_lap_time_R1.csv' }]).get('a.CSV')).toBe('COTA');
    const set = await ingestAll([lapFile('23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV'), sibling('COTA_lap_time_R1.csv')]);
    const r = set.reports[0];
    expect(r.errors).toEqual([]);
    expect(r.track).toBe('COTA');
    expect(r.trackSource).toBe('sibling');
    expect(set.laps.every((l) => l.track === 'COTA')).toBe(true);
  });

  it('asks (E051) when the siblings name two tracks', async () => {
    const set = await ingestAll([lapFile('23_Race 1.CSV'), sibling('COTA_lap_time_R1.csv'), sibling('sonoma_lap_time_R1.csv')]);
    expect(set.reports[0].errors.map((e) => e.code)).toContain('E051');
  });
});

describe('hashing a Blob input', () => {
  const lapText =
    'NUMBER;DRIVER_NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;CROSSING_FINISH_LINE_IN_PIT;S1;S2;S3;KPH;ELAPSED;HOUR;TOP_SPEED\n' +
    '7;1;1;1:40.100;0;;30.1;35.0;35.0;150.1;1:40.100;10:00:00;200.1\n' +
    '7;1;2;1:39.900;0;;30.0;34.9;35.0;150.2;3:20.000;10:01:40;200.3\n';
  const blobInput = (text: string, path: string): InputFile => ({ name: path.split('/').pop()!, path, blob: new Blob([text]) });
  const nodeSha = async (blob: Blob) => (await import('node:crypto')).createHash('sha256').update(new Uint8Array(await blob.arrayBuffer())).digest('hex');

  it('takes the same SHA-256 on the way as a hashing worker does, and asks the worker once per lap file only', async () => {
    const expected = await nodeSha(new Blob([lapText]));
    // streamed (wholeReadBytes 0: every Blob in chunks, as a file over WHOLE_READ_BYTES is)
    const inline = await ingestFile(blobInput(lapText, 'barber/R1_laps.csv'), { chunkBytes: 64, wholeReadBytes: 0 });
    expect(inline.report.sha256).toBe(expected);
    const calls: Blob[] = [];
    const elsewhere = await ingestFile(blobInput(lapText, 'barber/R1_laps.csv'), {
      chunkBytes: 64,
      wholeReadBytes: 0,
      hashBlob: (b) => (calls.push(b), nodeSha(b)),
    });
    expect(elsewhere.report.sha256).toBe(expected);
    expect(calls).toHaveLength(1);
    // a results sheet is recognised from its header and never hashed
    const sheet = 'POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;FL_KPH\n1;7;Classified;2;3:20.000;;;2;1:39.900;150.2\n';
    await ingestFile(blobInput(sheet, 'barber/results.csv'), { wholeReadBytes: 0, hashBlob: (b) => (calls.push(b), nodeSha(b)) });
    expect(calls).toHaveLength(1);
  });

  it('reads a small Blob in one read and hashes it inline: no slices, no hashing worker, the same hash and laps', async () => {
    const expected = await nodeSha(new Blob([lapText]));
    const streamed = await ingestFile(blobInput(lapText, 'barber/R1_laps.csv'), { chunkBytes: 64, wholeReadBytes: 0 });
    const blob = new Blob([lapText]);
    let slices = 0;
    let reads = 0;
    const counted = Object.assign(blob, {
      slice: (...a: Parameters<Blob['slice']>) => (slices++, Blob.prototype.slice.apply(blob, a)),
      arrayBuffer: () => (reads++, Blob.prototype.arrayBuffer.call(blob)),
    });
    const calls: Blob[] = [];
    const whole = await ingestFile({ name: 'R1_laps.csv', path: 'barber/R1_laps.csv', blob: counted }, { chunkBytes: 64, hashBlob: (b) => (calls.push(b), nodeSha(b)) });
    expect([slices, reads, calls.length]).toEqual([0, 1, 0]);
    expect(whole.report.sha256).toBe(expected);
    expect(whole.report.used).toBe(true);
    expect(whole.laps.map((l) => l.lapTimeS)).toEqual([100.1, 99.9]);
    expect(whole.laps).toEqual(streamed.laps);
    // over the limit the same Blob streams again (slices), hashed by the given worker
    const big = await ingestFile({ name: 'R1_laps.csv', path: 'barber/R1_laps.csv', blob: counted }, { chunkBytes: 64, wholeReadBytes: lapText.length - 1, hashBlob: (b) => (calls.push(b), nodeSha(b)) });
    expect(slices).toBeGreaterThan(1);
    expect(calls).toHaveLength(1);
    expect(big.report.sha256).toBe(expected);
  });
});

describe('ingestAll over dropped files (Blobs)', () => {
  const header = 'NUMBER;DRIVER_NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;CROSSING_FINISH_LINE_IN_PIT;S1;S2;S3;KPH;ELAPSED;HOUR;TOP_SPEED\n';
  const lapText = (car: number) => `${header}${car};1;1;1:40.100;0;;30.1;35.0;35.0;150.1;1:40.100;10:00:00;200.1\n${car};1;2;1:39.900;0;;30.0;34.9;35.0;150.2;3:20.000;10:01:40;200.3\n`;
  const texts = Array.from({ length: 20 }, (_, i) => [`barber/R${i + 1}_laps.csv`, lapText(i + 1)] as const);

  it('reads each small file once, a few ahead of the parse, with the same reports and laps as from buffers', async () => {
    let inFlight = 0;
    let most = 0;
    let reads = 0;
    const blobs: InputFile[] = texts.map(([path, text]) => {
      const blob = new Blob([text]);
      const counted = Object.assign(blob, {
        slice: () => {
          throw new Error('a small file is not sliced');
        },
        arrayBuffer: async () => {
          reads++;
          most = Math.max(most, ++inFlight);
          const b = await Blob.prototype.arrayBuffer.call(blob);
          inFlight--;
          return b;
        },
      });
      return { name: path.split('/').pop()!, path, blob: counted };
    });
    const enc = new TextEncoder();
    const fromBlobs = await ingestAll(blobs);
    const fromBytes = await ingestAll(texts.map(([path, text]) => ({ name: path.split('/').pop()!, path, bytes: enc.encode(text) })));
    expect(reads).toBe(texts.length);
    expect(most).toBeGreaterThan(1); // the reads overlapped
    expect(most).toBeLessThanOrEqual(8); // but only a few ahead
    expect(fromBlobs.reports).toEqual(fromBytes.reports);
    expect(fromBlobs.laps).toEqual(fromBytes.laps);
    expect(fromBlobs.laps).toHaveLength(40);
    expect(new Set(fromBlobs.reports.map((r) => r.sha256)).size).toBe(20);
  });
});
