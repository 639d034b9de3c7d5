// models/registry.json on disk, and writing a version folder.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { emptyRegistry, parseRegistry, type Registry } from '../src/model/registry';

export async function readRegistryFile(modelsDir: string): Promise<Registry> {
  try {
    return parseRegistry(JSON.parse(await readFile(join(modelsDir, 'registry.json'), 'utf8')));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyRegistry();
    throw e;
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
