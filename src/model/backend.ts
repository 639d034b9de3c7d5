// Which tfjs backend runs the models in the browser worker, and why.
//
// Order (issue 5, stack.md): WebGPU only on a real GPU adapter; a fallback (software, SwiftShader)
// adapter is slower than WebGL or wasm for our small MLPs (4,096 rows: webgpu-software 2.0 s, webgl
// 0.46 s, wasm 0.2 s), so it is skipped. Then WebGL, then wasm, then cpu. The user may force one in
// settings; a forced backend that fails to start falls back along the same order and says so.
//
// The backends are imported here lazily: nothing loads the webgpu or wasm chunk unless it is tried.
import type * as TF from '@tensorflow/tfjs';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = 'auto' | BackendName;

export interface GpuAdapterProbe {
  /** navigator.gpu exists (the browser has WebGPU at all). */
  api: boolean;
  /** requestAdapter() gave an adapter. */
  adapter: boolean;
  /** The adapter is a software fallback (SwiftShader): slower than webgl/wasm here. */
  fallback: boolean;
  vendor?: string;
  architecture?: string;
  description?: string;
  error?: string;
}

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Why it was skipped or failed. */
  note?: string;
}

export interface BackendChoice {
  backend: BackendName;
  /** One sentence for the UI: why this backend. */
  reason: string;
  preference: BackendPreference;
  gpu: GpuAdapterProbe;
  attempts: BackendAttempt[];
  /** Time to initialise the chosen backend (ms). */
  initMs: number;
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(opts?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** Asks for a WebGPU adapter without tfjs (works on the main thread or in a worker). */
export async function probeWebGpu(gpu: GpuLike | undefined = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu): Promise<GpuAdapterProbe> {
  if (!gpu) return { api: false, adapter: false, fallback: false };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { api: true, adapter: false, fallback: false };
    // Chromium moved isFallbackAdapter from the adapter to adapter.info; read both.
    const fallback = Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false);
    return {
      api: true,
      adapter: true,
      fallback,
      vendor: adapter.info?.vendor || undefined,
      architecture: adapter.info?.architecture || undefined,
      description: adapter.info?.description || undefined,
    };
  } catch (e) {
    return { api: true, adapter: false, fallback: false, error: String(e) };
  }
}

/** The order to try for a preference: the forced backend first, then the automatic order. */
export function backendOrder(preference: BackendPreference, gpu: GpuAdapterProbe): { order: BackendName[]; skipped: BackendAttempt[] } {
  const skipped: BackendAttempt[] = [];
  const auto: BackendName[] = [];
  if (gpu.adapter && !gpu.fallback) auto.push('webgpu');
  else
    skipped.push({
      backend: 'webgpu',
      ok: false,
      note: !gpu.api ? 'no WebGPU in this browser' : !gpu.adapter ? 'no WebGPU adapter' : 'software (fallback) WebGPU adapter: slower than WebGL or wasm',
    });
  auto.push('webgl', 'wasm', 'cpu');
  if (preference === 'auto') return { order: auto, skipped };
  return { order: [preference, ...BACKENDS.filter((b) => b !== preference && auto.includes(b))], skipped: [] };
}

async function registerBackend(tf: typeof TF, name: BackendName): Promise<void> {
  if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const { wasmPaths } = await import('./wasm-paths');
    // wasm-paths.ts ships no threaded binary: keep tfjs off it even on a cross-origin-isolated page.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setWasmPaths(wasmPaths());
  }
  // webgl and cpu ship with @tensorflow/tfjs.
}

function describeGpu(gpu: GpuAdapterProbe): string {
  return [gpu.vendor, gpu.architecture, gpu.description].filter(Boolean).join(' ') || 'unknown adapter';
}

/**
 * Initialises the first backend of the order that starts, and says why it was chosen.
 * `gpu` may be given (tests, or a probe done earlier); otherwise it is probed here.
 */
export async function chooseBackend(
  tf: typeof TF,
  preference: BackendPreference = 'auto',
  gpu?: GpuAdapterProbe,
): Promise<BackendChoice> {
  const probe = gpu ?? (await probeWebGpu());
  const { order, skipped } = backendOrder(preference, probe);
  const attempts: BackendAttempt[] = [...skipped];
  for (const name of order) {
    const t0 = performance.now();
    try {
      await registerBackend(tf, name);
      const ok = await tf.setBackend(name);
      if (!ok) throw new Error('setBackend returned false');
      await tf.ready();
      if (tf.getBackend() !== name) throw new Error(`tfjs is on ${tf.getBackend()}`);
      attempts.push({ backend: name, ok: true });
      const initMs = performance.now() - t0;
      return { backend: name, reason: reasonFor(name, preference, probe, attempts), preference, gpu: probe, attempts, initMs };
    } catch (e) {
      attempts.push({ backend: name, ok: false, note: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(`no tfjs backend could start: ${attempts.map((a) => `${a.backend}: ${a.note ?? 'ok'}`).join('; ')}`);
}

function reasonFor(name: BackendName, preference: BackendPreference, gpu: GpuAdapterProbe, attempts: BackendAttempt[]): string {
  const failed = attempts.filter((a) => !a.ok && a.backend !== name);
  const after = failed.length > 0 ? ` (${failed.map((a) => `${a.backend}: ${a.note}`).join('; ')})` : '';
  if (preference !== 'auto') {
    return preference === name ? `${name}: forced in settings` : `${name}: ${preference} was forced in settings but did not start${after}`;
  }
  if (name === 'webgpu') return `webgpu: real GPU adapter (${describeGpu(gpu)})`;
  return `${name}: first backend that started${after}`;
}
