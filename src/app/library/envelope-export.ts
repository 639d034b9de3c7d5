// Export of profiles as the one envelope format (docs/profile-schema.md, performance-dna/1): a whole
// analysis or one driver, with the definition, model version and input hashes, and the raw laps only
// when the user ticks "include laps". Sharing uses the Web Share API where it takes files, else the file
// is downloaded through an object URL. Nothing leaves the device any other way.
import { LAP_TABLE_COLUMNS, type LapTable, type LapTableCell, type SharedEnvelope } from '../../core/profile-schema';
import type { Envelope, FileReport, LapRow } from '../../core/types';

export interface ExportOptions {
  /** One car (car number as written); the whole analysis when absent. */
  driverId?: string;
  /** Add the raw laps (only the chosen driver's when `driverId` is set). */
  includeLaps?: boolean;
}

export interface ExportSource {
  envelope: Envelope;
  /** All dropped files' reports (LapRow.fileIndex indexes them); null when the laps index inputs directly. */
  reports: FileReport[] | null;
  laps: LapRow[] | null;
}

/** LapRow.fileIndex points into the dropped files; the envelope lists only the used ones. */
function inputIndexByFile(reports: FileReport[] | null): (fileIndex: number) => number {
  if (!reports) return (i) => i;
  const map = new Map<number, number>();
  reports.forEach((r, i) => {
    if (r.used) map.set(i, map.size);
  });
  return (i) => map.get(i) ?? -1;
}

export function lapsToTable(laps: readonly LapRow[], inputOf: (fileIndex: number) => number = (i) => i): LapTable {
  const rows: LapTableCell[][] = [];
  for (const l of laps) {
    const input = inputOf(l.fileIndex);
    if (input < 0) continue;
    rows.push([
      input,
      l.carNumber,
      l.lapNumber,
      l.lapTimeS,
      l.s1S,
      l.s2S,
      l.s3S,
      l.speedKph,
      l.topSpeedKph,
      l.flag,
      l.pitIn,
      l.pitTimeS,
      { ...l.intermediatesS },
      l.track,
      l.race,
      l.class,
      l.driverNumber,
      l.driverName,
      l.elapsedS,
    ]);
  }
  return { columns: [...LAP_TABLE_COLUMNS], rows };
}

/** The laps of a validated table; `fileIndex` becomes the index into the envelope's inputs. */
export function lapTableToLaps(table: LapTable): LapRow[] {
  // files exported before car numbers were strings have 15 columns and integer car numbers
  const cell = <T>(r: LapTableCell[], i: number): T | null => (i < r.length ? (r[i] as T) : null);
  return table.rows.map((r) => ({
    fileIndex: r[0] as number,
    carNumber: String(r[1]),
    class: cell<string>(r, 15),
    driverNumber: cell<string>(r, 16),
    driverName: cell<string>(r, 17),
    elapsedS: cell<number>(r, 18),
    lapNumber: r[2] as number | null,
    lapTimeS: r[3] as number | null,
    s1S: r[4] as number | null,
    s2S: r[5] as number | null,
    s3S: r[6] as number | null,
    speedKph: r[7] as number | null,
    topSpeedKph: r[8] as number | null,
    flag: r[9] as string | null,
    pitIn: r[10] as boolean,
    pitTimeS: r[11] as number | null,
    intermediatesS: { ...(r[12] as Record<string, number | null>) },
    track: r[13] as string,
    race: r[14] as string,
  }));
}

/** The envelope to write, keys in the documented order. */
export function exportEnvelope(source: ExportSource, opts: ExportOptions = {}): SharedEnvelope {
  const { envelope } = source;
  const drivers = opts.driverId === undefined ? envelope.drivers : envelope.drivers.filter((d) => d.car_number === opts.driverId);
  const out: SharedEnvelope = {
    schema: envelope.schema,
    generated_at: envelope.generated_at,
    definition: envelope.definition,
    model_version: envelope.model_version ?? null,
    // Every input stays, also for one driver: relative figures are measured against the whole field.
    inputs: envelope.inputs.map((i) => ({ ...i })),
    drivers,
  };
  // People: all of them, or for one car those who drove it
  const people = opts.driverId === undefined ? envelope.people : envelope.people?.filter((p) => p.cars.includes(opts.driverId!));
  if (people && people.length > 0) out.people = people;
  if (opts.includeLaps && source.laps) {
    const laps = opts.driverId === undefined ? source.laps : source.laps.filter((l) => l.carNumber === opts.driverId);
    out.laps = lapsToTable(laps, inputIndexByFile(source.reports));
  }
  return out;
}

export function envelopeJson(envelope: SharedEnvelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** `performance-dna-cota-sebring-2025-05-01.json`, or `...-car-13-...` for one driver. */
export function exportFileName(name: string, generatedAt: string, driverId?: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const date = generatedAt.slice(0, 10);
  return ['performance-dna', slug, driverId !== undefined ? `car-${driverId}` : '', date].filter(Boolean).join('-') + '.json';
}

export type ShareOutcome = 'shared' | 'downloaded' | 'cancelled';

/**
 * Shares the file with the Web Share API when the browser can share files (phones, ChromeOS, Windows),
 * else downloads it. A user who closes the share sheet gets 'cancelled', not a download.
 */
export async function shareOrDownload(text: string, fileName: string): Promise<ShareOutcome> {
  const file = new File([text], fileName, { type: 'application/json' });
  if (typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] })) {
    try {
      await navigator.share({ files: [file], title: fileName });
      return 'shared';
    } catch (e) {
      if ((e as { name?: string }).name === 'AbortError') return 'cancelled';
      // NotAllowedError (no user activation left) and the like: fall back to a download
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // The download has started from the URL by now; revoking later frees the memory.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return 'downloaded';
}
