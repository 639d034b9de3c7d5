// Chunked CSV parsing on top of papaparse: text arrives in pieces; each piece is cut at its last line end
// outside quotes, the complete lines are parsed, the tail waits for the next piece. Memory stays at one
// chunk of text plus the typed rows.
//
// Read as spreadsheets write: CR, LF and CRLF line ends (mixed too) all end a line; an Excel `sep=;` first
// line names the delimiter; every row carries its 1-based line number in the file, so a dropped or
// repaired row can be reported by line. A quote that never closes (papaparse's MissingQuotes or
// InvalidQuotes) does not swallow the rest of the file: from that row on the text is read line by line,
// and a line whose quotes do not balance is repaired (its quote characters removed) and reported.
import Papa from 'papaparse';

/** dna-spec §1 / seed: delimiters tried in this order; the first giving more than 5 columns wins. */
export const DELIMITERS = [';', ',', '\t', '|'] as const;

/** A record longer than this without a line end outside quotes is a stray quote, not a real cell. */
const MAX_RECORD_CHARS = 1 << 16;

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

/** Excel's first line `sep=;` (sometimes quoted): the delimiter it names, else null. */
export function sepLineDelimiter(line: string): string | null {
  const m = /^"?sep=(.)"?\s*$/i.exec(line.replace(/^\uFEFF/, '').trimStart());
  return m ? m[1] : null;
}

/** CRLF and lone CR become LF, so one rule finds every line end. */
export function normaliseLineEnds(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

/** Index just past the last '\n' that is not inside a quoted field, or -1. */
function lastCompleteLineEnd(text: string): number {
  if (text.indexOf('"') < 0) {
    const nl = text.lastIndexOf('\n');
    return nl < 0 ? -1 : nl + 1;
  }
  // (native scans, not a loop over every character: the quotes counted, then the text walked back one
  // stretch between two quotes at a time; a line end is outside quotes when the quotes before it are even)
  let quotes = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes++;
  for (let end = text.length - 1; end >= 0; quotes--) {
    // the stretch (quote, end] has `quotes` quotes before it
    const quote = text.lastIndexOf('"', end);
    if ((quotes & 1) === 0) {
      const nl = text.lastIndexOf('\n', end);
      if (nl > quote) return nl + 1;
    }
    if (quote < 0) return -1;
    end = quote - 1;
  }
  return -1;
}

/** Line ends ('\n') in `text`. */
export function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Line ends inside the cells of one parsed row (a quoted multi-line cell). */
function newlinesIn(row: readonly string[]): number {
  let n = 0;
  for (const cell of row) if (cell.indexOf('\n') >= 0) n += countNewlines(cell);
  return n;
}

/** A line whose quotes do not balance, split on the delimiter with every quote character removed. */
export function repairQuotes(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((c) => c.replace(/"/g, ''));
}

export type RowRepair = 'unbalanced-quote';

/**
 * Push-style line parser. `push(text)` parses every complete line so far; `end()` parses the rest.
 * The first non-empty line (after an optional `sep=` line) is the header: it fixes the delimiter (or
 * `onHeader` gets null). `onRows` gets each batch of rows with the line each starts on, and whether the
 * batch's last row is the file's last line with no line end after it (a row that may have been cut).
 */
export class CsvLineParser {
  private carry = '';
  private delimiter: string | null = null;
  private sepDelimiter: string | null = null;
  private headerDone = false;
  private stopped = false;
  /** 1-based number of the next line not yet consumed. */
  private line = 1;
  private width = 0;

  constructor(
    private readonly onHeader: (headers: string[] | null, delimiter: string | null, headerLine: string) => boolean,
    private readonly onRows: (rows: string[][], lines: number[], lastUnterminated: boolean) => void,
    private readonly onRepair: (line: number, repair: RowRepair) => void = () => {},
  ) {}

  /** True once the header callback declined the file: the caller can stop feeding text. */
  get done(): boolean {
    return this.stopped;
  }

  push(text: string): void {
    if (this.stopped) return;
    let all = this.carry + text;
    // A CR at the very end may be the first half of a CRLF cut between chunks: it waits for the next piece.
    const held = all.endsWith('\r') ? '\r' : '';
    all = normaliseLineEnds(held ? all.slice(0, -1) : all);
    let cut = lastCompleteLineEnd(all);
    if (cut < 0 && all.length > MAX_RECORD_CHARS) cut = all.lastIndexOf('\n') + 1 || -1;
    if (cut < 0) {
      this.carry = all + held;
      return;
    }
    this.carry = all.slice(cut) + held;
    this.parse(all.slice(0, cut - 1), false);
  }

  end(): void {
    if (this.stopped) return;
    const rest = normaliseLineEnds(this.carry);
    this.carry = '';
    const terminated = rest.endsWith('\n');
    if (rest.trim() !== '') this.parse(terminated ? rest.slice(0, -1) : rest, !terminated);
    else if (!this.headerDone) this.finishHeader('');
  }

  reset(): void {
    this.carry = '';
    this.delimiter = null;
    this.sepDelimiter = null;
    this.headerDone = false;
    this.stopped = false;
    this.line = 1;
    this.width = 0;
  }

  private finishHeader(line: string): boolean {
    this.headerDone = true;
    const clean = line.replace(/^\uFEFF/, '');
    this.delimiter = clean.trim() === '' ? null : (this.sepDelimiter ?? detectDelimiter(clean));
    const headers = this.delimiter ? splitHeader(clean, this.delimiter) : null;
    this.width = headers?.length ?? 0;
    const go = this.onHeader(headers, this.delimiter, clean);
    if (!go) this.stopped = true;
    return go;
  }

  /** `text` is whole lines joined by '\n' (no final line end). */
  private parse(text: string, lastUnterminated: boolean): void {
    let body: string | null = text;
    if (!this.headerDone) {
      // Skip leading empty lines and an Excel `sep=` line, then take the header line.
      while (body !== null && !this.headerDone) {
        const nl: number = body.indexOf('\n');
        const first = nl < 0 ? body : body.slice(0, nl);
        body = nl < 0 ? null : body.slice(nl + 1);
        this.line++;
        const sep = this.sepDelimiter === null && this.line === 2 ? sepLineDelimiter(first) : null;
        if (sep !== null) this.sepDelimiter = sep;
        else if (first.replace(/^\uFEFF/, '').trim() !== '' && !this.finishHeader(first)) return;
      }
    }
    if (body === null || !this.delimiter) return;
    this.parseRows(body, lastUnterminated);
  }

  private parseRows(body: string, lastUnterminated: boolean): void {
    const options = { delimiter: this.delimiter!, newline: '\n' as const, header: false };
    const first = this.line;
    const count = countNewlines(body) + 1;
    this.line += count;
    if (body.indexOf('"') < 0) {
      // No quotes: one row per line, each handed on as papaparse's step reads it (a row's cells die young,
      // never a chunk's worth of rows alive at once).
      const batch: string[][] = [[]];
      const lines = [0];
      let k = 0;
      Papa.parse<string[]>(body, {
        ...options,
        step: (r) => {
          batch[0] = r.data;
          lines[0] = first + k++;
          this.onRows(batch, lines, lastUnterminated && k === count);
        },
      });
      return;
    }
    const parsed = Papa.parse<string[]>(body, options);
    const rows = parsed.data;
    const bad = parsed.errors.reduce((m, e) => Math.min(m, e.row ?? 0), Infinity);
    const lines: number[] = [];
    let at = first;
    let k = 0;
    for (; k < rows.length && k < bad; k++) {
      const extra = newlinesIn(rows[k]);
      if (extra > 0 && rows[k].length !== this.width) break; // quotes joined lines into one odd row
      lines.push(at);
      at += 1 + extra;
    }
    if (k === rows.length) {
      this.onRows(rows, lines, lastUnterminated);
      return;
    }
    if (k > 0) this.onRows(rows.slice(0, k), lines, false);
    // From the first row papaparse could not close: line by line, repairing lines whose quotes do not balance.
    const rest = body.split('\n').slice(at - first);
    const out: string[][] = [];
    const outLines: number[] = [];
    for (let i = 0; i < rest.length; i++) {
      const p = Papa.parse<string[]>(rest[i], options);
      if (p.errors.length || p.data.length > 1) {
        out.push(repairQuotes(rest[i], this.delimiter!));
        this.onRepair(at + i, 'unbalanced-quote');
      } else out.push(p.data[0] ?? ['']);
      outLines.push(at + i);
    }
    this.onRows(out, outLines, lastUnterminated);
  }
}
