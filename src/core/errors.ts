// The one table of coded messages. The UI, the worker, the CLI and the trainer all print these texts.
// Numbering follows the seed where it had a code (E001 model file not found); the rest are ours and
// grouped by component: I00x information, E01x-E05x input files, E06x models, E07x imports, E08x storage,
// E09x CLI. tests/unit/error-codes.test.ts checks that every code the app, worker and CLI use is here.
import type { CodedMessage } from './types';

interface CodeEntry {
  level: 'ERROR' | 'WARN' | 'INFO';
  message: string;
  hint: string;
}

export const ERROR_CODES = {
  // information: the app's, CLI's and trainer's own progress lines (files added, analysis done, kept in
  // the library); the log line carries its own text, the table's message is the generic one
  I000: { level: 'INFO', message: 'Information', hint: 'Nothing to do.' },
  // models (seed: E001 model file not found, I001 falling back to the original implementation)
  E001: { level: 'ERROR', message: 'Model file not found', hint: 'The app keeps working on the exact rules; reinstall or update the app to get the models back.' },
  I001: { level: 'INFO', message: 'Falling back to the exact rules (no model)', hint: 'Profiles are exact; the model prediction column stays empty.' },
  I002: { level: 'INFO', message: 'Left out in the check step', hint: 'Tick the file in the check step and analyse again to use it.' },
  // input files
  E011: { level: 'ERROR', message: 'File is empty', hint: 'Export the timing file again; it has no header line.' },
  E012: { level: 'ERROR', message: 'File is not text', hint: 'Drop the CSV export itself, not a spreadsheet or archive.' },
  E013: { level: 'ERROR', message: 'No delimiter found: the header splits into 5 columns or fewer with ; , tab and |', hint: 'Save the file as CSV with ; or , between columns.' },
  E014: { level: 'ERROR', message: 'File is too large', hint: 'Split the file or drop fewer races at once.' },
  E019: { level: 'ERROR', message: 'Unrecognised file: the header matches no known timing export', hint: 'Use an Al Kamel 23_AnalysisEnduranceWithSections export or a CSV with NUMBER, LAP_TIME, S1, S2, S3, KPH and track.' },
  W020: { level: 'WARN', message: 'Recognised but not used yet: this export kind does not feed the DNA', hint: 'Nothing to do; only lap files (23_AnalysisEnduranceWithSections) are analysed.' },
  W021: { level: 'WARN', message: 'Duplicate file: the same content was already dropped', hint: 'Nothing to do; the copy is ignored.' },
  W022: { level: 'WARN', message: 'Rows rejected while reading', hint: 'The rows listed by reason were skipped; the rest of the file was used.' },
  W023: { level: 'WARN', message: 'Optional column missing: some clean-lap rules cannot apply', hint: 'Nothing to do; the profile lists the rules that applied.' },
  W024: { level: 'WARN', message: 'Rows repaired: a quote that never closed was removed', hint: 'Check the listed lines; the rest of the file was read normally.' },
  W025: { level: 'WARN', message: 'Rows dropped: fewer cells than the header (a cut or truncated row)', hint: 'Export the file again if the listed lines should hold laps; a cut row is never used with its cut value.' },
  W026: { level: 'WARN', message: 'Invalid cells left empty: a value could not be read or is outside its plausible range', hint: 'The listed rows were used without those values; check the export if there are many.' },
  W027: { level: 'WARN', message: 'One car number is used by more than one car in a race (lap numbers restart): its runs are analysed apart and pooled in one profile', hint: 'Check the file; if two cars share the number, the car profile mixes them.' },
  W028: { level: 'WARN', message: 'Unknown FLAG_AT_FL value: counted as caution', hint: 'Nothing to do if the value is a caution; laps under it are left out of the relative DNA.' },
  W029: { level: 'WARN', message: 'Track guessed: the name is not in the table of known circuits, so it was taken from the folder or file name', hint: 'Check the name; set it and its type per file in the app, or with --track PATH=NAME and --track-type NAME=TYPE in the CLI.' },
  E046: { level: 'ERROR', message: 'Required column missing', hint: 'A lap file needs NUMBER, LAP_TIME, S1, S2, S3 and KPH.' },
  E051: { level: 'ERROR', message: 'Unknown track: no track column, folder or file name names a track', hint: 'Pick the track for this file (app) or pass --track NAME (CLI).' },
  E052: { level: 'ERROR', message: 'No lap rows in file', hint: 'The file has a header but no data rows.' },
  E053: { level: 'ERROR', message: 'No usable lap: every lap was rejected', hint: 'Check that LAP_TIME and KPH hold times and speeds.' },
  E054: { level: 'ERROR', message: 'Too many unreadable values', hint: 'More than half of the lap times could not be read; check the export format.' },
  E055: { level: 'ERROR', message: 'No lap file among the inputs', hint: 'Add at least one lap file (23_AnalysisEnduranceWithSections or the generic CSV).' },
  E056: { level: 'ERROR', message: 'Reading was cancelled', hint: 'Start the analysis again.' },
  E059: { level: 'ERROR', message: 'Analysis superseded: a newer analysis started on the same worker', hint: 'Only the latest call on one worker runs; await each call, or use one worker per analysis.' },
  E057: { level: 'ERROR', message: 'Could not read the file', hint: 'Check that the file exists and can be read.' },
  E058: { level: 'ERROR', message: 'Invalid track type', hint: 'Use technical, high_speed or mixed.' },
  // models
  E060: { level: 'ERROR', message: 'Model loading timed out: the analysis went on with the exact rules', hint: 'Profiles are exact; reload the page to try the models again.' },
  E061: { level: 'ERROR', message: 'Model file does not match its checksum', hint: 'The model is refused; the app keeps working on the exact rules.' },
  E062: { level: 'ERROR', message: 'Model test inference failed', hint: 'The model is refused; the app keeps working on the exact rules.' },
  E063: { level: 'ERROR', message: 'Model metadata is missing or invalid', hint: 'The model is refused; the app keeps working on the exact rules.' },
  E064: { level: 'ERROR', message: 'No model registered for this definition', hint: 'Train one with npm run train, or use the exact rules.' },
  W065: { level: 'WARN', message: 'Inputs outside the training range: the prediction is an extrapolation', hint: 'Trust the exact value over the model for this driver.' },
  E066: { level: 'ERROR', message: 'Model validation failed: reliability below the gate', hint: 'The candidate is kept with its report but never becomes latest.' },
  E067: { level: 'ERROR', message: 'Not enough data to train', hint: 'Training needs at least 30 driver-track rows.' },
  E068: { level: 'ERROR', message: 'Model version not found in the registry', hint: 'Run npm run models -- list to see the versions.' },
  E069: { level: 'ERROR', message: 'Nothing to roll back to', hint: 'The latest version was never replaced; promote another version instead.' },
  // imports
  E071: { level: 'ERROR', message: 'Profile file is too large', hint: 'Shared profiles are limited to 20 MB.' },
  E072: { level: 'ERROR', message: 'Profile file is not valid JSON', hint: 'Ask for the file to be exported again.' },
  E073: { level: 'ERROR', message: 'Profile file does not match the performance-dna/1 schema', hint: 'Only files exported by Performance DNA can be imported.' },
  E074: { level: 'ERROR', message: 'Profile file holds a forbidden key', hint: 'The file was refused for safety; nothing was stored.' },
  W075: { level: 'WARN', message: 'Only one shared profile file is opened at a time; these were not opened', hint: 'Open them one by one with "Open a shared profile" in the library.' },
  // storage
  E081: { level: 'ERROR', message: 'Storage is full: the analysis was not saved', hint: 'Delete old analyses in the library and try again; nothing stored was changed.' },
  E082: { level: 'ERROR', message: 'Storage is not available', hint: 'Private windows may block storage; analyses work but are not kept.' },
  E083: { level: 'ERROR', message: 'Stored analysis not found', hint: 'It may have been deleted in another tab.' },
  // CLI
  E091: { level: 'ERROR', message: 'Usage error', hint: 'Run npm run analyze -- --help.' },
  E092: { level: 'ERROR', message: 'Path not found', hint: 'Check the file or folder name.' },
  W094: { level: 'WARN', message: 'The envelope is larger than the app imports (20 MB): the app will refuse it (E071)', hint: 'Write fewer files per envelope (one season, or --definition classic) to open it in the app.' },
  E095: { level: 'ERROR', message: 'A bare --track NAME names the track of one race, but several lap files were given', hint: 'Use --track PATH=NAME for each file or folder (repeatable).' },
  W093: { level: 'WARN', message: 'The log file could not be written', hint: 'Check that the logs folder (or PERFDNA_LOG_DIR) is writable; the analysis itself is not affected.' },
} as const satisfies Record<string, CodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function coded(code: ErrorCode, detail?: string): CodedMessage {
  const entry = ERROR_CODES[code];
  return detail === undefined
    ? { code, message: entry.message, hint: entry.hint }
    : { code, message: entry.message, hint: entry.hint, detail };
}

/**
 * Text from the data (file names, track names, cells) made safe for one log line or a terminal: control
 * characters (a newline would forge a log line, ESC starts ANSI sequences) and bidirectional overrides
 * are written as `\xNN` / `\uNNNN`.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** `E019 Unrecognised file: ... (detail)`: the single line every caller shows; the detail is escaped. */
export function formatCoded(m: CodedMessage): string {
  return `${m.code} ${m.message}${m.detail ? ` (${escapeControl(m.detail)})` : ''}`;
}

/** An error that carries a code; thrown where a caller must stop (CLI exit 2, a refused import). */
export class DnaError extends Error {
  readonly coded: CodedMessage;
  constructor(code: ErrorCode, detail?: string) {
    const c = coded(code, detail);
    super(formatCoded(c));
    this.name = 'DnaError';
    this.coded = c;
  }
  get code(): string {
    return this.coded.code;
  }
}

/** The seed's log line: `[TIMESTAMP] [LEVEL] [COMPONENT] [CODE] message`. */
export function logLine(component: string, m: CodedMessage, at: Date = new Date()): string {
  const level = (ERROR_CODES as Record<string, CodeEntry>)[m.code]?.level ?? 'INFO';
  const ts = at.toISOString().replace('T', ' ').slice(0, 19);
  return `[${ts}] [${level}] [${component}] [${m.code}] ${m.message}${m.detail ? `: ${escapeControl(m.detail)}` : ''}`;
}
