// Results and weather sheets beside the lap files (src/core/race/sheets.ts): read, and given to the right race.
import { describe, expect, it } from 'vitest';
import { parseResults, parseWeather, readSheet, sheetsByLapFile } from '../../src/core/race/sheets';
import type { FileReport, InputFile } from '../../src/core/types';

const enc = new TextEncoder();
const file = (path: string, text: string): InputFile => ({ name: path.split('/').pop()!, path, bytes: enc.encode(text) });
const report = (path: string, kind: FileReport['kind'], used: boolean, race: string | null = null): FileReport =>
  ({ file: path.split('/').pop()!, path, kind, used, race, errors: [], warnings: [] }) as unknown as FileReport;

const RESULTS = 'POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;FL_TIME;CLASS\n1;46;Classified;17;45:57.575;-;2:28.630;Am\n2;07;Classified;17;45:58.259;+0.684;2:28.678;Am\n;13;DNS;0;;;;Am\n';
const WEATHER_C = 'TIME_UTC_SECONDS;TIME_UTC_STR;AIR_TEMP;TRACK_TEMP;HUMIDITY;PRESSURE;WIND_SPEED;WIND_DIRECTION;RAIN\n1745700936;x;28.69;43.2;61.65;993.1;23.76;141;0\n1745700998;x;28.63;43.1;61.66;993.2;14.4;147;1\n';
const WEATHER_F = '\uFEFFTIME_UTC_SECONDS,TIME_UTC_STR,AIR_TEMP,TRACK_TEMP,HUMIDITY,PRESSURE,WIND_SPEED,WIND_DIRECTION,RAIN,\n1742047843,x,75.39998,71.99996,78,29.872058558,6.5,104,-1,\n';

describe('race sheets', () => {
  it('reads the results: position, car number as written, status, laps, race time, best lap', async () => {
    const rows = parseResults((await readSheet(enc.encode(RESULTS)))!)!;
    expect(rows).toEqual([
      { position: 1, car: '46', status: 'Classified', laps: 17, totalS: 45 * 60 + 57.575, cls: 'Am', bestLapS: 148.63 },
      { position: 2, car: '07', status: 'Classified', laps: 17, totalS: 45 * 60 + 58.259, cls: 'Am', bestLapS: 148.678 },
      { position: null, car: '13', status: 'DNS', laps: 0, totalS: null, cls: 'Am', bestLapS: null },
    ]);
  });

  it('reads the weather, in °C for a metric sheet and °F where the pressure is in inches of mercury', async () => {
    const c = parseWeather((await readSheet(enc.encode(WEATHER_C)))!)!;
    expect([c.unit, c.airTemp, c.trackTemp, c.rain, c.timeUtcS[0]]).toEqual(['C', [28.69, 28.63], [43.2, 43.1], [0, 1], 1745700936]);
    const f = parseWeather((await readSheet(enc.encode(WEATHER_F)))!)!;
    expect([f.unit, f.airTemp[0], f.rain[0]]).toEqual(['F', 75.39998, -1]);
  });

  it('gives a sheet to the lap file of its folder, and by race name where a folder holds two races', async () => {
    const files = [
      file('s/COTA/Race 1/23_Analysis_Race 1.CSV', ''),
      file('s/COTA/Race 1/00_Results GR Cup Race 1 Official.CSV', RESULTS),
      file('s/COTA/Race 1/26_Weather_Race 1.CSV', WEATHER_C),
      file('s/barber/23_Analysis_Race 1.CSV', ''),
      file('s/barber/23_Analysis_Race 2.CSV', ''),
      file('s/barber/03_Provisional Results_Race 2.CSV', RESULTS),
      file('s/barber/26_Weather_Race 1.CSV', WEATHER_C),
      file('s/VIR/26_Weather_Race 1.CSV', WEATHER_C), // no lap file in that folder: nobody's
    ];
    const reports = [
      report(files[0].path, 'lap-analysis', true, 'Race 1'),
      report(files[1].path, 'results', false),
      report(files[2].path, 'weather', false),
      report(files[3].path, 'lap-analysis', true, 'Race 1'),
      report(files[4].path, 'lap-analysis', true, 'Race 2'),
      report(files[5].path, 'results', false),
      report(files[6].path, 'weather', false),
      report(files[7].path, 'weather', false),
    ];
    const m = await sheetsByLapFile(files, reports);
    expect([...m.keys()].sort()).toEqual([0, 3, 4]);
    expect(m.get(0)!.results!.rows).toHaveLength(3);
    expect(m.get(0)!.weather!.series.airTemp).toHaveLength(2);
    expect(m.get(3)).toEqual({ results: null, weather: expect.objectContaining({ path: 's/barber/26_Weather_Race 1.CSV' }) });
    expect(m.get(4)!.results!.path).toBe('s/barber/03_Provisional Results_Race 2.CSV');
    expect(m.get(4)!.weather).toBeNull();
  });
});
