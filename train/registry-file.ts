// models/registry.json on disk, and writing a version folder.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DnaError } from '../src/core/errors';
import { emptyRegistry, parseRegistry, type Registry } from '../src/model/registry';

/** models/registry.json; none yet is an empty registry; unreadable, not JSON or the wrong shape is E063. */
export async function readRegistryFile(modelsDir: string): Promise<Registry> {
  const path = join(modelsDir, 'registry.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyRegistry();
    throw new DnaError('E063', `${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DnaError('E063', `${path}: not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  try {
    return parseRegistry(raw);
  } catch (e) {
    if (e instanceof DnaError) throw e;
    throw new DnaError('E063', `${path}: ${(e as Error).message.slice(0, 200)}`);
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a registry. */
export async function writeRegistryFile(modelsDir: string, reg: Registry): Promise<void> {
  await mkdir(modelsDir, { recursive: true });
  const path = join(modelsDir, 'registry.json');
  await writeFile(`${path}.tmp`, `${JSON.stringify(reg, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

export async function writeVersionFolder(modelsDir: string, folder: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  for (const [path, bytes] of files) {
    const abs = join(modelsDir, folder, ...path.split('/'));
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, bytes);
  }
}
