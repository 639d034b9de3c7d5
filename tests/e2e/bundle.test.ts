// The build keeps tfjs where it belongs (stack.md trap): not in the main-thread bundle, not in the
// worker's entry chunk (the analysis runs without it), only in the chunk the worker imports when the
// models load; and the tfjs wasm binaries are emitted for setWasmPaths. Reads the e2e build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { E2E_OUT_DIR } from './global-setup';
import { describeBrowser } from './harness';

/** Strings only tfjs-core / tfjs-layers carry. */
const TFJS_MARKERS = ['tfjs-core', 'registerKernel', 'LayersModel'];
const hasTfjs = (code: string) => TFJS_MARKERS.some((m) => code.includes(m));

describeBrowser('build', () => {
  const assets = join(E2E_OUT_DIR, 'assets');
  const read = (name: string) => readFileSync(join(assets, name), 'utf8');
  const js = () => readdirSync(assets).filter((f) => f.endsWith('.js'));

  /** A chunk and every chunk it imports statically, transitively. */
  function staticClosure(start: string): string[] {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const m of read(name).matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["'`]\.\/([\w.-]+\.js)["'`]/g)) visit(m[1]);
    };
    visit(start);
    return [...seen];
  }

  it('keeps tfjs out of the main-thread bundle', () => {
    const html = readFileSync(join(E2E_OUT_DIR, 'index.html'), 'utf8');
    const main = /src="\/assets\/([\w.-]+\.js)"/.exec(html)![1];
    for (const chunk of staticClosure(main)) expect(hasTfjs(read(chunk)), chunk).toBe(false);
  });

  it('loads tfjs in the worker only through a dynamic import of the model service', () => {
    const entry = js().find((f) => f.startsWith('entry-'))!;
    for (const chunk of staticClosure(entry)) expect(hasTfjs(read(chunk)), chunk).toBe(false);
    const service = js().find((f) => f.startsWith('model-service-'))!;
    expect(read(entry)).toContain(`import(\`./${service}\`)`);
    expect(hasTfjs(read(service))).toBe(true);
  });

  it('emits the tfjs wasm binaries (plain and SIMD) for setWasmPaths', () => {
    const wasm = readdirSync(assets).filter((f) => f.endsWith('.wasm'));
    expect(wasm.some((f) => f.startsWith('tfjs-backend-wasm-simd-'))).toBe(true);
    expect(wasm.some((f) => /^tfjs-backend-wasm-[\w]+\.wasm$/.test(f) && !f.includes('simd'))).toBe(true);
  });
});
