// Any circuit (dna-spec §3.1): the track from folder or file names matched by words, a table of known
// circuits, and a guessed name for an unknown one.
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/core/analysis';
import { guessTrackName, inferFromPath, KNOWN_TRACKS, matchKnownTrack, raceLabelFromName, trackType } from '../../src/core/tracks';
import type { InputFile } from '../../src/core/types';

const enc = new TextEncoder();
const file = (path: string, text: string): InputFile => ({ name: path.split('/').pop()!, path, bytes: enc.encode(text) });
const GENERIC = 'NUMBER,LAP_TIME,S1,S2,S3,KPH\n5,100,30,40,30,135\n5,101,30,41,30,135\n';

describe('folder and file names matched by words', () => {
  it('reads the IMSA collector folders (ordinal prefix, dashes) and the WEC file names (underscores, race length)', () => {
    const cases: [string, string][] = [
      ['imsa-2025/06-sebring-international-raceway/202503151010-race-laps.csv', 'Sebring'],
      ['imsa-2025/07-long-beach-street-circuit/202504121405-race-laps.csv', 'Long Beach'],
      ['imsa-2025/10-weathertech-raceway-laguna-seca/202505111210-race-laps.csv', 'Laguna Seca'],
      ['imsa-2025/11-detroit-street-course/202505311640-race-laps.csv', 'Detroit'],
      ['imsa-2025/14-watkins-glen-international/202506221210-race-laps.csv', 'Watkins Glen'],
      ['imsa-2025/15-canadian-tire-motorsport-park/202507131405-race-laps.csv', 'Mosport'],
      ['imsa-2025/02-daytona-international-speedway/x-race-laps.csv', 'Daytona'],
      ['wec-2025/qatar_1812km.csv', 'Qatar'],
      ['wec-2025/imola_6h.csv', 'Imola'],
      ['wec-2025/spa_6h.csv', 'Spa'],
      ['wec-2025/fuji_6h.csv', 'Fuji'],
      ['wec-2025/sao_paulo_6h.csv', 'Interlagos'],
      ['cota_6h.csv', 'COTA'],
      ['São Paulo 6 Hours.csv', 'Interlagos'],
      ['COTA/Race 1/23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV', 'COTA'],
      ['barber/23_AnalysisEnduranceWithSections_Race 2_Anonymized.CSV', 'barber'],
    ];
    for (const [path, track] of cases) expect([path, inferFromPath(path).track]).toEqual([path, track]);
    expect(inferFromPath('imsa-2025/06-sebring-international-raceway/202503151010-race-laps.csv').trackSource).toBe('folder');
    expect(inferFromPath('wec-2025/spa_6h.csv').trackSource).toBe('file-name');
  });

  it('prefers the longest name: Petit Le Mans is Road Atlanta, not Le Mans', () => {
    expect(matchKnownTrack('petit-le-mans-2025')?.name).toBe('Road Atlanta');
    expect(matchKnownTrack('24 Heures du Mans')?.name).toBe('Le Mans');
    expect(matchKnownTrack('Lone Star Le Mans')?.name).toBe('COTA');
  });

  it('covers the GR Cup, IMSA 2025 and WEC 2025 calendars, each with a type', () => {
    const names = KNOWN_TRACKS.map((t) => t.name);
    for (const n of ['barber', 'COTA', 'Road America', 'Sebring', 'Sonoma', 'VIR', 'Daytona', 'Long Beach', 'Laguna Seca', 'Detroit',
      'Watkins Glen', 'Mosport', 'Indianapolis', 'Road Atlanta', 'Qatar', 'Imola', 'Spa', 'Le Mans', 'Interlagos', 'Fuji', 'Bahrain']) {
      expect(names).toContain(n);
    }
    expect(new Set(names).size).toBe(names.length);
    expect(trackType('Spa')).toBe('high_speed');
    expect(trackType('Long Beach')).toBe('technical');
  });
});

describe('repeated inference (remembered answers)', () => {
  it('answers the same for a name asked twice, and a caller changing its answer does not change the next one', () => {
    const first = inferFromPath('COTA/Race 1/x.CSV');
    first.track = 'changed';
    expect(inferFromPath('COTA/Race 1/x.CSV')).toEqual({ track: 'COTA', trackSource: 'folder', race: 'Race 1' });
    expect(matchKnownTrack('Sebring International Raceway')?.name).toBe('Sebring');
    expect(matchKnownTrack('Sebring International Raceway')?.name).toBe('Sebring');
    expect(matchKnownTrack('nowhere')).toBeNull();
    expect(matchKnownTrack('nowhere')).toBeNull();
  });
});

describe('unknown circuits', () => {
  it('cleans a folder or file name into a guessed name', () => {
    expect(guessTrackName('07-thunderhill-raceway-park')).toBe('Thunderhill Raceway Park');
    expect(guessTrackName('202509011200-race-laps.csv')).toBeNull();
    expect(guessTrackName('23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV')).toBeNull();
    expect(guessTrackName('club_day_6h.csv')).toBe('Club Day');
  });

  it('names a track from an unknown folder (W029, used, never fatal), and from the file before the folder', async () => {
    const r = await analyzeInputs([
      file('season/09-kyalami-grand-prix-circuit/202509011200-race-laps.csv', GENERIC),
      file('season/sebring_12h.csv', GENERIC.replace(/\n5,/g, '\n6,')),
      file('season/portland_2h.csv', GENERIC.replace(/\n5,/g, '\n7,')),
    ]);
    expect(r.reports.map((x) => [x.track, x.trackSource, x.used])).toEqual([
      ['Kyalami Grand Prix Circuit', 'guessed', true],
      ['Sebring', 'file-name', true],
      ['Portland', 'guessed', true],
    ]);
    expect(r.reports[0].errors).toEqual([]);
    expect(r.reports[0].warnings.map((w) => w.code)).toContain('W029');
    expect(r.reports[1].warnings.map((w) => w.code)).not.toContain('W029');
    expect(trackType('Kyalami Grand Prix Circuit')).toBe('mixed');
  });

  it('still asks (E051) when nothing in the path can name a track', async () => {
    const r = await analyzeInputs([file('Race 1/23_AnalysisEnduranceWithSections_Race 1.CSV', GENERIC)]);
    expect(r.reports[0].errors.map((e) => e.code)).toEqual(['E051']);
  });

  it('treats prototype member names as ordinary track names', async () => {
    const r = await analyzeInputs([file('toString/laps.csv', GENERIC), file('__proto__/laps.csv', GENERIC.replace(/\n5,/g, '\n6,'))], {
      trackTypes: { Tostring: 'technical' },
    });
    expect(r.reports.map((x) => x.track)).toEqual(['Tostring', 'Proto']);
    expect(r.envelope.drivers.map((d) => d.tracks_raced)).toEqual([['Tostring'], ['Proto']]);
    expect(trackType('ToString', { ToString: 'technical' })).toBe('technical');
    expect(trackType('constructor', {})).toBe('mixed');
  });
});

describe('race labels from file names that name no "Race N"', () => {
  it('reads the IMSA date stamp (YYYYMMDDhhmm) and the WEC race length', () => {
    expect(raceLabelFromName('202503151010-race-laps.csv')).toBe('Race · 2025-03-15 10:10');
    expect(raceLabelFromName('202507131405-race-laps.csv')).toBe('Race · 2025-07-13 14:05');
    expect(raceLabelFromName('20250920-qualifying-laps.csv')).toBe('Qualifying · 2025-09-20');
    expect(raceLabelFromName('fuji_6h.csv')).toBe('6 Hours');
    expect(raceLabelFromName('sao_paulo_6h.csv')).toBe('6 Hours');
    expect(raceLabelFromName('qatar_1812km.csv')).toBe('1812 km');
    expect(raceLabelFromName('São Paulo 6 Hours.csv')).toBe('6 Hours');
    expect(raceLabelFromName('club_day_1h.csv')).toBe('1 Hour');
  });

  it('keeps any other name as its stem (no invented date, no lone length)', () => {
    expect(raceLabelFromName('202513991010-race-laps.csv')).toBe('202513991010-race-laps'); // month 13
    expect(raceLabelFromName('6h.csv')).toBe('6h'); // a length with no circuit before it
    expect(raceLabelFromName('cota_lap_time.csv')).toBe('cota_lap_time');
    expect(raceLabelFromName('laps.csv')).toBe('laps');
  });

  it('is the race of an ingested file; "Race N" in the path (GR Cup) still wins', async () => {
    const r = await analyzeInputs([
      file('imsa/06-sebring-international-raceway/202503151010-race-laps.csv', GENERIC),
      file('wec/spa_6h.csv', GENERIC.replace(/\n5,/g, '\n6,')),
      file('COTA/Race 2/23_AnalysisEnduranceWithSections_Race 2_Anonymized.CSV', GENERIC.replace(/\n5,/g, '\n7,')),
      file('barber/R1_barber_lap_time_6h.csv', GENERIC.replace(/\n5,/g, '\n8,')),
    ]);
    expect(r.reports.map((x) => [x.track, x.race])).toEqual([
      ['Sebring', 'Race · 2025-03-15 10:10'],
      ['Spa', '6 Hours'],
      ['COTA', 'Race 2'],
      ['barber', 'Race 1'],
    ]);
  });
});
