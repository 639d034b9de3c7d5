// Reading files as spreadsheets write them, and never losing a row without a word (issue 13).
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/core/ingest';
import type { FileReport, InputFile } from '../../src/core/types';

const enc = new TextEncoder();
const file = (path: string, bytes: string | Uint8Array): InputFile => ({
  name: path.split('/').pop()!,
  path,
  bytes: typeof bytes === 'string' ? enc.encode(bytes) : bytes,
});

const HEADER = 'NUMBER;LAP_NUMBER;LAP_TIME;S1;S2;S3;KPH;FLAG_AT_FL';
/** Ten laps of car 7, 1:45.1xx each; lap i is 105.1 + i/1000 s. */
const ROWS = Array.from({ length: 10 }, (_, i) => `7;${i + 1};1:45.${100 + i};30.1;40.0;35.0;150.2;GF`);
const lf = [HEADER, ...ROWS].join('\n') + '\n';

/** rows in = rows used + rows dropped, and every dropped row is listed with a line. */
function expectNothingLost(report: FileReport): void {
  const dropped = Object.values(report.rowsRejected).reduce((s, n) => s + n, 0);
  expect(report.rowsRead).toBe(report.rowsAccepted + dropped);
  const listed = report.rowProblems.filter((p) => p.action === 'dropped').reduce((s, p) => s + p.lines.length, 0);
  expect(listed).toBe(dropped);
}

async function lapTimes(path: string, bytes: string | Uint8Array, chunkBytes?: number) {
  const { report, laps } = await ingestFile(file(path, bytes), { chunkBytes });
  expectNothingLost(report);
  return { report, times: laps.map((l) => l.lapTimeS) };
}

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i + (littleEndian ? 0 : 1)] = c & 0xff;
    out[2 + 2 * i + (littleEndian ? 1 : 0)] = c >> 8;
  }
  return out;
}

describe('line ends', () => {
  it('reads CR-only, CRLF and LF files alike, whatever the chunk size', async () => {
    const base = await lapTimes('barber/a.csv', lf);
    expect(base.times).toHaveLength(10);
    expect(base.times[9]).toBeCloseTo(105.109, 9);
    for (const text of [lf.replace(/\n/g, '\r'), lf.replace(/\n/g, '\r\n')]) {
      for (const chunkBytes of [undefined, 1, 7, 64]) {
        expect((await lapTimes('barber/a.csv', text, chunkBytes)).times).toEqual(base.times);
      }
    }
  });

  it('reads all rows when the header and first row end in CRLF and the rest in LF', async () => {
    const mixed = `${HEADER}\r\n${ROWS[0]}\r\n${ROWS.slice(1).join('\n')}\n`;
    const { report, times } = await lapTimes('barber/a.csv', mixed);
    expect(times).toHaveLength(10);
    expect(report.rowProblems).toEqual([]);
  });
});

describe('encodings and sep= lines', () => {
  it('keeps a UTF-8 BOM stripped when windows-1252 bytes follow', async () => {
    const head = enc.encode(`\uFEFF${HEADER};NOTE\n${ROWS[0]};`);
    const bytes = new Uint8Array([...head, 0xe9, 0x96, 0x0a]); // "é–" in windows-1252, invalid UTF-8
    const { report, laps } = await ingestFile(file('barber/a.csv', bytes));
    expect(report.encoding).toBe('windows-1252');
    expect(report.columnsFound[0]).toBe('NUMBER');
    expect(report.errors).toEqual([]);
    expect(laps).toHaveLength(1);
  });

  it('reads UTF-16 LE and BE with a BOM (Excel "Unicode text")', async () => {
    const base = await lapTimes('barber/a.csv', lf);
    for (const le of [true, false]) {
      for (const chunkBytes of [undefined, 3, 64]) {
        const r = await lapTimes('barber/a.csv', utf16(lf.replace(/\n/g, '\r\n'), le), chunkBytes);
        expect(r.report.encoding).toBe(le ? 'utf-16le' : 'utf-16be');
        expect(r.times).toEqual(base.times);
      }
    }
  });

  it('takes the delimiter from a first line sep=; and counts lines from it', async () => {
    const text = `sep=;\n${HEADER}\n${ROWS[0]}\nx;2;1:45.0;30;40;35;150;GF\n`;
    const { report, laps } = await ingestFile(file('barber/a.csv', text));
    expect(report.delimiter).toBe(';');
    expect(report.errors).toEqual([]);
    expect(laps).toHaveLength(1);
    expect(report.rowProblems).toEqual([{ code: 'W022', reason: 'bad-car-number', action: 'dropped', lines: [4] }]);
  });

  it('honours sep=, even when ; would also split the header', async () => {
    const text = 'sep=,\r\nNUMBER,LAP_TIME,S1,S2,S3,KPH,NOTE\r\n5,100,30,40,30,135,a;b;c;d;e;f\r\n';
    const { report, laps } = await ingestFile(file('barber/a.csv', text));
    expect(report.delimiter).toBe(',');
    expect(laps[0].lapTimeS).toBe(100);
  });
});

describe('no row lost without a word', () => {
  it('a single quote in one cell repairs that row and reads every other row (papaparse MissingQuotes)', async () => {
    const rows = [...ROWS];
    rows[2] = rows[2].replace('30.1', '"30.1');
    const { report, laps } = await ingestFile(file('barber/a.csv', [HEADER, ...rows].join('\n') + '\n'));
    expectNothingLost(report);
    expect(laps).toHaveLength(10);
    expect(laps[2].s1S).toBe(30.1);
    expect(report.rowProblems).toEqual([{ code: 'W024', reason: 'unbalanced-quote', action: 'repaired', lines: [4] }]);
    expect(report.warnings.map((w) => w.code)).toContain('W024');
  });

  it('the same with small chunks and a stray quote early in a long file', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => `7;${i + 1};1:45.${100 + (i % 800)};30.1;40.0;35.0;150.2;GF`);
    many[5] = many[5].replace(';GF', ';"GF');
    const text = [HEADER, ...many].join('\n') + '\n';
    for (const chunkBytes of [undefined, 1000]) {
      const { report, laps } = await ingestFile(file('barber/a.csv', text), { chunkBytes });
      expectNothingLost(report);
      expect(laps).toHaveLength(3000);
      expect(report.rowProblems.map((p) => [p.reason, p.lines])).toEqual([['unbalanced-quote', [7]]]);
    }
  });

  it('a truncated last row is reported and not used with its cut value', async () => {
    const text = [HEADER, ...ROWS.slice(0, 9), '7;10;1:4'].join('\n'); // no line end after the cut row
    const { report, laps } = await ingestFile(file('barber/a.csv', text));
    expectNothingLost(report);
    expect(laps).toHaveLength(9);
    expect(Math.min(...laps.map((l) => l.lapTimeS!))).toBeCloseTo(105.1, 9);
    expect(report.rowsRejected).toEqual({ 'truncated-row': 1 });
    expect(report.rowProblems).toEqual([{ code: 'W025', reason: 'truncated-row', action: 'dropped', lines: [11] }]);
  });

  it('gives line numbers that count blank lines and multi-line quoted cells', async () => {
    const text = `${HEADER};NOTE\n${ROWS[0]};"two\nlines"\n\n;2;1:45;30;40;35;150;GF;x\n${ROWS[1]};y\n`;
    const { report, laps } = await ingestFile(file('barber/a.csv', text));
    expectNothingLost(report);
    expect(laps).toHaveLength(2);
    expect(report.rowProblems).toEqual([{ code: 'W022', reason: 'missing-car-number', action: 'dropped', lines: [5] }]);
  });

  it('lists an unreadable lap time as a cleared cell, not a dropped row', async () => {
    const rows = [...ROWS];
    rows[4] = rows[4].replace('1:45.104', 'abc');
    const { report, laps } = await ingestFile(file('barber/a.csv', [HEADER, ...rows].join('\n')));
    expectNothingLost(report);
    expect(laps).toHaveLength(10);
    expect(laps[4].lapTimeS).toBeNull();
    expect(report.rowProblems).toEqual([{ code: 'W026', reason: 'unreadable-lap-time', action: 'cell-cleared', lines: [6] }]);
  });
});
