// Chunked CSV parsing on top of papaparse: text arrives in pieces; each piece is cut at its last line end
// outside quotes, the complete lines are parsed, the tail waits for the next piece. Memory stays at one
// chunk of text plus the typed rows.
import Papa from 'papaparse';

/** dna-spec §1 / seed: delimiters tried in this order; the first giving more than 5 columns wins. */
export const DELIMITERS = [';', ',', '\t', '|'] as const;

export function splitHeader(line: string, delimiter: string): string[] {
  const parsed = Papa.parse<string[]>(line, { delimiter, header: false });
  return (parsed.data[0] ?? []).map((h) => h.trim());
}

/** Fields a line splits into with `delimiter`, counting only delimiters outside double quotes. */
function fieldCount(line: string, delimiter: string): number {
  let n = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) n++;
  }
  return n;
}

export function detectDelimiter(headerLine: string): string | null {
  for (const d of DELIMITERS) if (fieldCount(headerLine, d) > 5) return d;
  return null;
}

/** Index just past the last '\n' that is not inside a quoted field, or -1. */
function lastCompleteLineEnd(text: string): number {
  if (text.indexOf('"') < 0) {
    const nl = text.lastIndexOf('\n');
    return nl < 0 ? -1 : nl + 1;
  }
  let quotes = 0;
  let lastEnd = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 10 && (quotes & 1) === 0) lastEnd = i + 1;
  }
  return lastEnd;
}

/**
 * Push-style line parser. `push(text)` parses every complete line so far; `end()` parses the rest.
 * The first non-empty line is the header: it fixes the delimiter (or `onHeader` gets null).
 */
export class CsvLineParser {
  private carry = '';
  private delimiter: string | null = null;
  private headerDone = false;

  constructor(
    private readonly onHeader: (headers: string[] | null, delimiter: string | null, headerLine: string) => boolean,
    private readonly onRows: (rows: string[][]) => void,
  ) {}

  private stopped = false;

  /** True once the header callback declined the file: the caller can stop feeding text. */
  get done(): boolean {
    return this.stopped;
  }

  push(text: string): void {
    if (this.stopped) return;
    const all = this.carry + text;
    const cut = lastCompleteLineEnd(all);
    if (cut < 0) {
      this.carry = all;
      return;
    }
    this.carry = all.slice(cut);
    this.parse(all.slice(0, cut));
  }

  end(): void {
    if (this.stopped) return;
    const rest = this.carry;
    this.carry = '';
    if (rest.trim() !== '') this.parse(rest);
    else if (!this.headerDone) this.finishHeader('');
  }

  reset(): void {
    this.carry = '';
    this.delimiter = null;
    this.headerDone = false;
    this.stopped = false;
  }

  private finishHeader(line: string): boolean {
    this.headerDone = true;
    const clean = line.replace(/^\uFEFF/, '').replace(/\r$/, '');
    this.delimiter = clean.trim() === '' ? null : detectDelimiter(clean);
    const headers = this.delimiter ? splitHeader(clean, this.delimiter) : null;
    const go = this.onHeader(headers, this.delimiter, clean);
    if (!go) this.stopped = true;
    return go;
  }

  private parse(text: string): void {
    let body = text;
    if (!this.headerDone) {
      // Skip leading empty lines, then take the header line.
      const m = /^(?:[ \t]*\r?\n)*/.exec(body);
      body = body.slice(m ? m[0].length : 0);
      if (body === '') return;
      const nl = body.indexOf('\n');
      const headerLine = nl < 0 ? body : body.slice(0, nl);
      body = nl < 0 ? '' : body.slice(nl + 1);
      if (!this.finishHeader(headerLine)) return;
    }
    if (body === '' || !this.delimiter) return;
    // Blank lines are skipped here; lines of only delimiters or spaces are skipped by the row reader.
    const parsed = Papa.parse<string[]>(body, { delimiter: this.delimiter, header: false, skipEmptyLines: true });
    if (parsed.data.length) this.onRows(parsed.data);
  }
}
