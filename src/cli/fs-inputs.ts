// Node side of ingestion: turns file and folder arguments into InputFile objects with their relative
// paths kept (`COTA/Race 1/x.CSV`), so track and race inference sees the same layout as a browser drop.
// The file system is read synchronously, one file at a time: a season is a hundred small files, and the
// thread-pool round trips of fs/promises (open, stat, read, close per file) cost a CLI run more than the reads
// (~30 ms against ~10 ms for the real season); one open file at a time never meets EMFILE either.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { coded, DnaError } from '../core/errors';
import type { CodedMessage, InputFile } from '../core/types';

const CSV_RE = /\.(csv|txt)$/i;

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && CSV_RE.test(e.name)) out.push(p);
  }
}

/** Lists the CSV files under each argument; a folder keeps its own name in the relative path. */
export async function listInputPaths(args: readonly string[]): Promise<{ abs: string; rel: string }[]> {
  const out: { abs: string; rel: string }[] = [];
  for (const a of args) {
    let st: ReturnType<typeof statSync> | null = null;
    try {
      st = statSync(a) ?? null;
    } catch {
      st = null;
    }
    if (!st) throw new DnaError('E092', a);
    if (st.isDirectory()) {
      const files: string[] = [];
      walk(a, files);
      // Keep the folder's own name: `gr-cup` → `gr-cup/COTA/Race 1/x.CSV`; a track folder → `barber/x.CSV`.
      const base = dirname(a.replace(/[\\/]+$/, ''));
      for (const f of files) out.push({ abs: f, rel: relative(base, f).split(sep).join('/') });
    } else {
      out.push({ abs: a, rel: a.split(sep).slice(-3).join('/') });
    }
  }
  return out;
}

/** `fn` over `items` with at most `limit` calls in flight; results in input order (for callers that read concurrently). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface ReadInputs {
  files: InputFile[];
  /** Arguments that do not exist (E092) and files that could not be read (E057), each with its path. */
  unreadable: { path: string; error: CodedMessage }[];
}

/**
 * Reads every CSV under the arguments, one file at a time. A missing argument or an unreadable file is listed
 * in `unreadable` and the rest is read: one bad path never loses the good files.
 */
export async function readInputsPartial(args: readonly string[]): Promise<ReadInputs> {
  const unreadable: ReadInputs['unreadable'] = [];
  const paths: { abs: string; rel: string }[] = [];
  for (const a of args) {
    try {
      for (const p of await listInputPaths([a])) paths.push(p);
    } catch (e) {
      unreadable.push({ path: a, error: e instanceof DnaError ? e.coded : coded('E057', `${a}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) });
    }
  }
  const read = paths.map(({ abs, rel }): InputFile | null => {
    try {
      const buf = readFileSync(abs);
      return { name: basename(abs), path: rel, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
    } catch (e) {
      unreadable.push({ path: rel, error: coded('E057', `${rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) });
      return null;
    }
  });
  return { files: read.filter((f): f is InputFile => f !== null), unreadable };
}

/** All or nothing (trainer, reference, tests): the first missing or unreadable path throws its coded error. */
export async function readInputs(args: readonly string[]): Promise<InputFile[]> {
  const { files, unreadable } = await readInputsPartial(args);
  if (unreadable.length) throw new DnaError(unreadable[0].error.code as 'E057', unreadable[0].error.detail);
  return files;
}
