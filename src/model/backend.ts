// Which tfjs backend runs the models in the browser worker, and why.
//
// Order (issue 5, stack.md): WebGPU only on a real GPU adapter; a fallback (software, SwiftShader)
// adapter is slower than WebGL or wasm for our small MLPs (4,096 rows: webgpu-software 2.0 s, webgl
// 0.46 s, wasm 0.2 s), so it is skipped. Then WebGL, but only on a hardware renderer: a software one
// (SwiftShader, llvmpipe, Microsoft Basic Render) compiled shaders for 1.6 s per new batch shape and ran
// 10,000 drivers in 2.2 s where wasm took 1.07 s (issue 10). Then wasm, then cpu. The user may force one
// in settings; a forced backend that fails to start falls back along the same order and says so.
//
// Every backend is imported here lazily (tfjs-core alone registers none): nothing loads the webgpu,
// webgl or wasm chunk unless it is tried.
import type * as TF from '@tensorflow/tfjs-core';

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

export interface WebGlProbe {
  /** A WebGL context could be made (OffscreenCanvas in a worker, a canvas on a page). */
  api: boolean;
  /** The unmasked renderer string (WEBGL_debug_renderer_info), else gl.RENDERER. */
  renderer?: string;
  vendor?: string;
  /** The renderer is a software rasteriser: slower than wasm here. */
  software: boolean;
  error?: string;
}

/** Renderer and adapter names of software rasterisers (Chromium's SwiftShader, Mesa's llvmpipe/softpipe, Windows' WARP). */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

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
  /** The WebGL renderer, when it was probed (automatic choice without a real WebGPU adapter). */
  gl?: WebGlProbe;
  attempts: BackendAttempt[];
  /** Time to import the chosen backend's chunk (ms). */
  importMs: number;
  /** Time to initialise the chosen backend once imported: setBackend and ready (ms). */
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
    // Chromium moved isFallbackAdapter from the adapter to adapter.info; read both, and the names too
    // (a SwiftShader adapter asked for without forceFallbackAdapter may not say it is one).
    const names = [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter(Boolean).join(' ');
    const fallback = Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false) || SOFTWARE_RENDERER.test(names);
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

interface WebGlLike {
  getExtension(name: string): unknown;
  getParameter(p: number): unknown;
  RENDERER: number;
  VENDOR: number;
}
interface CanvasLike {
  getContext(kind: string): unknown;
}

const UNMASKED_VENDOR_WEBGL = 0x9245;
const UNMASKED_RENDERER_WEBGL = 0x9246;

/** The canvas a probe draws on: an OffscreenCanvas (worker or page), else none. */
function defaultCanvas(): CanvasLike | undefined {
  const Offscreen = (globalThis as { OffscreenCanvas?: new (w: number, h: number) => CanvasLike }).OffscreenCanvas;
  return Offscreen ? new Offscreen(1, 1) : undefined;
}

/** Which WebGL renderer this browser has, without tfjs; the context is let go at once. */
export function probeWebGl(canvas: CanvasLike | undefined = defaultCanvas()): WebGlProbe {
  if (!canvas) return { api: false, software: false };
  try {
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGlLike | null;
    if (!gl) return { api: false, software: false };
    // Chromium answers gl.RENDERER unmasked already and may drop the extension one day; read both.
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String((info ? gl.getParameter(UNMASKED_RENDERER_WEBGL) : null) ?? gl.getParameter(gl.RENDERER) ?? '');
    const vendor = String((info ? gl.getParameter(UNMASKED_VENDOR_WEBGL) : null) ?? gl.getParameter(gl.VENDOR) ?? '');
    (gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
    return { api: true, renderer: renderer || undefined, vendor: vendor || undefined, software: SOFTWARE_RENDERER.test(`${vendor} ${renderer}`) };
  } catch (e) {
    return { api: false, software: false, error: String(e) };
  }
}

/**
 * The order to try for a preference: the forced backend first, then the automatic order. The automatic
 * order leaves out a software WebGPU adapter and a software WebGL renderer (`gl`, when probed) and
 * says why; a forced backend is tried first whatever it runs on.
 */
export function backendOrder(preference: BackendPreference, gpu: GpuAdapterProbe, gl?: WebGlProbe): { order: BackendName[]; skipped: BackendAttempt[] } {
  const skipped: BackendAttempt[] = [];
  const auto: BackendName[] = [];
  if (gpu.adapter && !gpu.fallback) auto.push('webgpu');
  else
    skipped.push({
      backend: 'webgpu',
      ok: false,
      note: !gpu.api ? 'no WebGPU in this browser' : !gpu.adapter ? 'no WebGPU adapter' : 'software (fallback) WebGPU adapter: slower than WebGL or wasm',
    });
  if (gl?.software) skipped.push({ backend: 'webgl', ok: false, note: `software WebGL renderer (${gl.renderer ?? gl.vendor ?? 'unknown'}): slower than wasm` });
  else if (gl && !gl.api) skipped.push({ backend: 'webgl', ok: false, note: 'no WebGL in this browser' });
  else auto.push('webgl');
  auto.push('wasm', 'cpu');
  if (preference === 'auto') return { order: auto, skipped };
  return { order: [preference, ...BACKENDS.filter((b) => b !== preference && auto.includes(b))], skipped: [] };
}

/** Imports a backend's package, which registers it with tfjs-core. */
async function registerBackend(tf: typeof TF, name: BackendName): Promise<void> {
  if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'webgl') {
    await import('@tensorflow/tfjs-backend-webgl');
    // Shapes as uniforms: one shader per op serves every batch size (a batch is all the drivers of an
    // analysis, a new size each time), instead of a compile per new shape.
    tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // wasm-paths.ts ships no threaded binary: keep tfjs off it even on a cross-origin-isolated page.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // The build's hashed binaries in a browser (page or worker); Node (tests, bench, CLI) reads the
    // package's own files, which tfjs finds without paths.
    const browser = typeof document !== 'undefined' || 'WorkerGlobalScope' in globalThis;
    if (browser) wasm.setWasmPaths((await import('./wasm-paths')).wasmPaths());
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
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
  gl?: WebGlProbe | null,
): Promise<BackendChoice> {
  const probe = gpu ?? (await probeWebGpu());
  // The WebGL renderer matters only to the automatic choice, and only without a real WebGPU adapter.
  // `gl` given: that probe (tests); null: none (Node).
  const glProbe = gl === undefined ? (preference === 'auto' && !(probe.adapter && !probe.fallback) ? probeWebGl() : undefined) : (gl ?? undefined);
  const { order, skipped } = backendOrder(preference, probe, glProbe);
  const attempts: BackendAttempt[] = [...skipped];
  for (const name of order) {
    const t0 = performance.now();
    try {
      await registerBackend(tf, name);
      const t1 = performance.now();
      const ok = await tf.setBackend(name);
      if (!ok) throw new Error('setBackend returned false');
      await tf.ready();
      if (tf.getBackend() !== name) throw new Error(`tfjs is on ${tf.getBackend()}`);
      attempts.push({ backend: name, ok: true });
      const initMs = performance.now() - t1;
      return { backend: name, reason: reasonFor(name, preference, probe, attempts), preference, gpu: probe, gl: glProbe, attempts, importMs: t1 - t0, initMs };
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
