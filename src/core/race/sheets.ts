// The timing sheets beside a lap file that the race page shows: the official results (`00_`/`03_` Results,
// IMSA `race-results`) and the weather (`26_Weather`, IMSA `race-weather`). Read in the worker from the
// dropped bytes (same decoder and line parser as the lap files); each sheet is matched to the race whose lap
// file sits in the same folder (and names the same race, where a folder holds several races: barber).
import { CsvLineParser } from '../csv-lines';
import { decodeChunks } from '../decode';
import { inputBytes } from '../ingest';
import { detectFileKind } from '../file-kind';
import { parseFloatStrict, parseTimeS } from '../lap-time';
import { findRace, raceLabelFromName } from '../tracks';
import type { FileReport, InputFile } from '../types';

export interface OfficialResult {
  /** Overall position as the sheet writes it (null where it has none: a car not classified). */
  position: number | null;
  car: string;
  status: string | null;
  laps: number | null;
  totalS: number | null;
  cls: string | null;
  bestLapS: number | null;
}

export interface WeatherSeries {
  /** Seconds since the epoch (TIME_UTC_SECONDS) per reading. */
  timeUtcS: number[];
  airTemp: number[];
  trackTemp: number[];
  humidityPct: number[];
  windSpeed: number[];
  /** RAIN as the sheet writes it (0 dry, 1 rain; IMSA writes −1 where it has no sensor): NaN where empty. */
  rain: number[];
  /** °C, or °F where the sheet uses US units (a PRESSURE under 50 is inches of mercury). */
  unit: 'C' | 'F';
}

export interface RaceSheets {
  /** Path of the results sheet, and its rows in sheet order. */
  results: { path: string; rows: OfficialResult[] } | null;
  weather: { path: string; series: WeatherSeries } | null;
}

interface Sheet {
  headers: string[];
  rows: string[][];
}

/** All rows of a small CSV (a results or weather sheet is a few hundred rows): header names trimmed and upper-cased. */
export async function readSheet(bytes: Uint8Array): Promise<Sheet | null> {
  let headers: string[] | null = null;
  const rows: string[][] = [];
  const parser = new CsvLineParser(
    (h) => {
      headers = h ? h.map((x) => x.trim().toUpperCase()) : null;
      return headers !== null;
    },
    (batch) => {
      for (const r of batch) if (r.some((c) => c.trim() !== '')) rows.push(r);
    },
  );
  await decodeChunks(bytes, 1 << 20, (text) => parser.push(text), () => {
    parser.reset();
    rows.length = 0;
  });
  parser.end();
  return headers ? { headers, rows } : null;
}

function column(sheet: Sheet, ...names: string[]): (r: string[]) => string {
  const i = names.map((n) => sheet.headers.indexOf(n)).find((x) => x >= 0) ?? -1;
  return (r) => (i >= 0 && i < r.length ? r[i].trim() : '');
}

const intOrNull = (s: string): number | null => {
  const v = parseFloatStrict(s);
  return v !== null && Number.isInteger(v) ? v : null;
};

/** The overall results (POSITION, NUMBER, STATUS, LAPS, TOTAL_TIME, CLASS, FL_TIME); null for another sheet. */
export function parseResults(sheet: Sheet): OfficialResult[] | null {
  if (!sheet.headers.includes('POSITION') || !sheet.headers.includes('NUMBER')) return null;
  const pos = column(sheet, 'POSITION'), car = column(sheet, 'NUMBER'), status = column(sheet, 'STATUS'), laps = column(sheet, 'LAPS');
  const total = column(sheet, 'TOTAL_TIME'), cls = column(sheet, 'CLASS'), best = column(sheet, 'FL_TIME');
  return sheet.rows
    .filter((r) => car(r) !== '')
    .map((r) => ({
      position: intOrNull(pos(r)),
      car: car(r),
      status: status(r) || null,
      laps: intOrNull(laps(r)),
      totalS: parseTimeS(total(r)),
      cls: cls(r) || null,
      bestLapS: parseTimeS(best(r)),
    }));
}

/** The weather readings (TIME_UTC_SECONDS, AIR_TEMP, TRACK_TEMP, HUMIDITY, WIND_SPEED, RAIN, PRESSURE). */
export function parseWeather(sheet: Sheet): WeatherSeries | null {
  if (!sheet.headers.includes('AIR_TEMP') || !sheet.headers.includes('TRACK_TEMP')) return null;
  const t = column(sheet, 'TIME_UTC_SECONDS'), air = column(sheet, 'AIR_TEMP'), track = column(sheet, 'TRACK_TEMP');
  const hum = column(sheet, 'HUMIDITY'), wind = column(sheet, 'WIND_SPEED'), rain = column(sheet, 'RAIN'), pressure = column(sheet, 'PRESSURE');
  const n = (s: string) => parseFloatStrict(s) ?? NaN;
  const out: WeatherSeries = { timeUtcS: [], airTemp: [], trackTemp: [], humidityPct: [], windSpeed: [], rain: [], unit: 'C' };
  const pressures: number[] = [];
  for (const r of sheet.rows) {
    const time = n(t(r));
    if (!Number.isFinite(time)) continue;
    out.timeUtcS.push(time);
    out.airTemp.push(n(air(r)));
    out.trackTemp.push(n(track(r)));
    out.humidityPct.push(n(hum(r)));
    out.windSpeed.push(n(wind(r)));
    out.rain.push(n(rain(r)));
    const p = n(pressure(r));
    if (Number.isFinite(p)) pressures.push(p);
  }
  // US exports write inches of mercury (≈ 30) and °F; metric ones hectopascals (≈ 1000) and °C
  if (pressures.length && pressures[0] < 50) out.unit = 'F';
  return out;
}

const folderOf = (path: string) => path.replace(/[^/]*$/, '');

/**
 * The sheets of each lap file (by its index in `reports`): a sheet goes to the lap file in its folder; where
 * the folder holds several lap files, to the one whose race (from the file name) it names. Overall results
 * (`00_`/`03_`) are preferred to the by-class sheet (`05_`, which has no POSITION column and is not read).
 */
export async function sheetsByLapFile(
  files: readonly InputFile[],
  reports: readonly FileReport[],
  /** A sheet's bytes (the worker keeps the last analysis's, so the same folder dropped again reads none). */
  bytesOf: (f: InputFile) => Promise<Uint8Array> = inputBytes,
): Promise<Map<number, RaceSheets>> {
  const lapFiles = reports.map((r, i) => ({ r, i })).filter(({ r }) => r.used);
  const out = new Map<number, RaceSheets>();
  const wanted: { f: InputFile; kind: 'results' | 'weather'; target: { i: number }; bytes: Promise<Uint8Array> }[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const kind = reports[i]?.kind ?? null;
    if (kind !== 'results' && kind !== 'weather') continue;
    const folder = folderOf(f.path || f.name);
    const here = lapFiles.filter(({ r }) => folderOf(r.path || r.file) === folder);
    const race = findRace(f.name) ?? raceLabelFromName(f.name); // "202503151010-race-results" names the race of "…-race-laps"
    const target = here.length === 1 ? here[0] : here.find(({ r }) => race !== null && r.race === race);
    if (!target) continue;
    // every sheet's read begins now (each is a call into the browser): they overlap instead of queueing
    const bytes = bytesOf(f);
    bytes.catch(() => {}); // met when its turn comes below
    wanted.push({ f, kind, target, bytes });
  }
  for (const { f, kind, target, bytes } of wanted) {
    const sheet = await readSheet(await bytes);
    if (!sheet || detectFileKind(sheet.headers) !== kind) continue;
    const entry = out.get(target.i) ?? { results: null, weather: null };
    if (kind === 'results') {
      const rows = parseResults(sheet);
      // the official sheet wins over a provisional one of the same race
      if (rows && (!entry.results || /official/i.test(f.name))) entry.results = { path: f.path || f.name, rows };
    } else {
      const series = parseWeather(sheet);
      if (series) entry.weather = { path: f.path || f.name, series };
    }
    out.set(target.i, entry);
  }
  return out;
}
