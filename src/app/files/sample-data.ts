// "Try sample data": a small synthetic season shipped with the app (public/sample/, made by the
// generator; never real data). index.json lists the files with their paths as a user would drop them.
import type { PickedFile } from '../worker-bridge';

interface SampleEntry {
  path: string;
  url?: string;
}

function entriesOf(index: unknown): SampleEntry[] {
  const list = Array.isArray(index) ? index : ((index as { files?: unknown[] } | null)?.files ?? []);
  return list
    .map((e): SampleEntry | null => {
      if (typeof e === 'string') return { path: e };
      if (e && typeof e === 'object') {
        const o = e as { path?: unknown; file?: unknown; name?: unknown; url?: unknown };
        const path = [o.path, o.file, o.name].find((v): v is string => typeof v === 'string');
        return path ? { path, url: typeof o.url === 'string' ? o.url : undefined } : null;
      }
      return null;
    })
    .filter((e): e is SampleEntry => e !== null);
}

export async function fetchSampleFiles(base = `${import.meta.env.BASE_URL}sample/`): Promise<PickedFile[]> {
  const res = await fetch(`${base}index.json`);
  if (!res.ok) throw new Error(`sample index: HTTP ${res.status}`);
  const entries = entriesOf(await res.json());
  return Promise.all(
    entries.map(async (e) => {
      const url = e.url ?? base + e.path.split('/').map(encodeURIComponent).join('/');
      const r = await fetch(url);
      if (!r.ok) throw new Error(`${e.path}: HTTP ${r.status}`);
      const blob = await r.blob();
      const name = e.path.split('/').pop() ?? e.path;
      return { file: new File([blob], name, { type: 'text/csv' }), path: e.path };
    }),
  );
}
