// Files from a drop, a file picker or a folder picker, each with its relative path as dropped
// ("COTA/Race 1/23_...CSV"), because the core infers track and race from the folders.
import type { PickedFile } from '../worker-bridge';

/** Minimal shapes of the File and Directory Entries API (webkitGetAsEntry). */
interface FsEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
interface FsFileEntry extends FsEntry {
  file(ok: (f: File) => void, fail: (e: unknown) => void): void;
}
interface FsDirectoryEntry extends FsEntry {
  createReader(): { readEntries(ok: (entries: FsEntry[]) => void, fail: (e: unknown) => void): void };
}

/**
 * A shared profile file (the envelope JSON another user exported): it goes to the library's read-only
 * import view, never to the timing-file validation. Judged by name or type, as the OS hands files over.
 */
export function isProfileFile(f: { name: string; type?: string }): boolean {
  return /\.json$/i.test(f.name) || f.type === 'application/json';
}

/** Hidden files and OS clutter are never timing exports. */
export function isJunk(name: string): boolean {
  return name.startsWith('.') || name === 'Thumbs.db' || name === 'desktop.ini' || name.startsWith('~$');
}

function entryFile(entry: FsFileEntry): Promise<File> {
  return new Promise((ok, fail) => entry.file(ok, fail));
}

async function readAllEntries(dir: FsDirectoryEntry): Promise<FsEntry[]> {
  const reader = dir.createReader();
  const all: FsEntry[] = [];
  // readEntries returns at most 100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FsEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FsEntry, prefix: string, out: PickedFile[]): Promise<void> {
  if (isJunk(entry.name)) return;
  if (entry.isFile) {
    out.push({ file: await entryFile(entry as FsFileEntry), path: prefix + entry.name });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries(entry as FsDirectoryEntry)) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

/** Every file of a drop, folders walked recursively (nested `Track/Race N/` layouts included). */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  // Entries must be taken synchronously, before the first await: the DataTransfer empties after the event.
  const entries: (FsEntry | null)[] = [];
  const plain: File[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = (item as DataTransferItem & { webkitGetAsEntry?: () => FsEntry | null }).webkitGetAsEntry?.() ?? null;
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) plain.push(f);
    }
  }
  if (entries.length === 0 && plain.length === 0) plain.push(...Array.from(dt.files ?? []));
  for (const e of entries) if (e) await walk(e, '', out);
  for (const f of plain) if (!isJunk(f.name)) out.push({ file: f, path: f.name });
  return sortByPath(out);
}

/** Files of an <input type=file> (with `webkitdirectory`, each File carries webkitRelativePath). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  const out: PickedFile[] = [];
  for (const f of Array.from(list ?? [])) {
    if (isJunk(f.name)) continue;
    out.push({ file: f, path: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name });
  }
  return sortByPath(out);
}

export function sortByPath(files: PickedFile[]): PickedFile[] {
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Adds files to a set, a path already present is replaced (dropping the same folder twice). */
export function mergeFiles(current: readonly PickedFile[], added: readonly PickedFile[]): PickedFile[] {
  const byPath = new Map(current.map((f) => [f.path, f]));
  for (const f of added) byPath.set(f.path, f);
  return sortByPath([...byPath.values()]);
}
