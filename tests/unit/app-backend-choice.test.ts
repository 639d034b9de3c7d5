// The browser worker's tfjs backend choice (src/model/backend.ts): WebGPU only on a real adapter, a
// software (fallback) adapter skipped for WebGL/wasm, a software WebGL renderer skipped for wasm, a forced
// backend first whatever it runs on, and the reason recorded.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendOrder, chooseBackend, probeWebGl, probeWebGpu, SOFTWARE_RENDERER, type GpuAdapterProbe, type WebGlProbe } from '../../src/model/backend';

const REAL: GpuAdapterProbe = { api: true, adapter: true, fallback: false, vendor: 'nvidia', architecture: 'hopper' };
const SOFTWARE: GpuAdapterProbe = { api: true, adapter: true, fallback: true, vendor: 'google', architecture: 'swiftshader' };
const NONE: GpuAdapterProbe = { api: false, adapter: false, fallback: false };

describe('backend order', () => {
  it('puts WebGPU first on a real adapter', () => {
    expect(backendOrder('auto', REAL).order).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it('skips a software WebGPU adapter and says why', () => {
    const { order, skipped } = backendOrder('auto', SOFTWARE);
    expect(order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(skipped).toEqual([{ backend: 'webgpu', ok: false, note: 'software (fallback) WebGPU adapter: slower than WebGL or wasm' }]);
  });

  it('falls to WebGL without WebGPU', () => {
    expect(backendOrder('auto', NONE)).toEqual({ order: ['webgl', 'wasm', 'cpu'], skipped: [{ backend: 'webgpu', ok: false, note: 'no WebGPU in this browser' }] });
  });

  it('tries a forced backend first, even a software WebGPU, then the automatic order', () => {
    expect(backendOrder('webgpu', SOFTWARE).order).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(backendOrder('wasm', REAL).order).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(backendOrder('cpu', NONE).order).toEqual(['cpu', 'webgl', 'wasm']);
  });
});

describe('adapter probe', () => {
  it('reads isFallbackAdapter from adapter.info (current Chromium) or the adapter (older)', async () => {
    await expect(probeWebGpu({ requestAdapter: async () => ({ info: { isFallbackAdapter: true, vendor: 'google' } }) })).resolves.toMatchObject({ adapter: true, fallback: true, vendor: 'google' });
    await expect(probeWebGpu({ requestAdapter: async () => ({ isFallbackAdapter: true }) })).resolves.toMatchObject({ fallback: true });
    await expect(probeWebGpu({ requestAdapter: async () => ({ info: { vendor: 'nvidia' } }) })).resolves.toMatchObject({ adapter: true, fallback: false });
    await expect(probeWebGpu({ requestAdapter: async () => null })).resolves.toEqual({ api: true, adapter: false, fallback: false });
    await expect(probeWebGpu(undefined)).resolves.toEqual({ api: false, adapter: false, fallback: false });
    await expect(probeWebGpu({ requestAdapter: () => Promise.reject(new Error('denied')) })).resolves.toMatchObject({ adapter: false, error: 'Error: denied' });
  });
});

describe('chooseBackend in Node', () => {
  it('starts the forced cpu backend and records the reason and the attempts', async () => {
    const choice = await chooseBackend(tf, 'cpu', NONE);
    expect(choice).toMatchObject({ backend: 'cpu', reason: 'cpu: forced in settings', preference: 'cpu' });
    expect(choice.attempts).toEqual([{ backend: 'cpu', ok: true }]);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('falls back along the order when the forced backend cannot start (no WebGL in Node)', async () => {
    const choice = await chooseBackend(tf, 'webgl', NONE);
    expect(choice.backend).not.toBe('webgl');
    expect(choice.attempts[0]).toMatchObject({ backend: 'webgl', ok: false });
    expect(choice.reason).toContain('webgl was forced in settings but did not start');
  });
});

describe('software WebGL (issue 10)', () => {
  const SWIFTSHADER_GL: WebGlProbe = { api: true, software: true, vendor: 'Google Inc. (Google)', renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)' };
  const HARDWARE_GL: WebGlProbe = { api: true, software: false, vendor: 'Google Inc. (NVIDIA)', renderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)' };

  it('automatic choice skips a software WebGL renderer for wasm, and a software WebGPU adapter with it', () => {
    const { order, skipped } = backendOrder('auto', SOFTWARE, SWIFTSHADER_GL);
    expect(order).toEqual(['wasm', 'cpu']);
    expect(skipped.map((s) => s.backend)).toEqual(['webgpu', 'webgl']);
    expect(skipped[1].note).toBe(`software WebGL renderer (${SWIFTSHADER_GL.renderer}): slower than wasm`);
  });

  it('keeps a hardware WebGL renderer, and skips WebGL where there is none', () => {
    expect(backendOrder('auto', NONE, HARDWARE_GL).order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendOrder('auto', NONE, { api: false, software: false })).toEqual({
      order: ['wasm', 'cpu'],
      skipped: [
        { backend: 'webgpu', ok: false, note: 'no WebGPU in this browser' },
        { backend: 'webgl', ok: false, note: 'no WebGL in this browser' },
      ],
    });
  });

  it("honours a user's explicit WebGL or WebGPU even on software, then falls back without the software ones", () => {
    expect(backendOrder('webgl', SOFTWARE, SWIFTSHADER_GL).order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendOrder('webgpu', SOFTWARE, SWIFTSHADER_GL).order).toEqual(['webgpu', 'wasm', 'cpu']);
  });

  it('names the software rasterisers of Chromium, Mesa and Windows, not a hardware GPU', () => {
    for (const r of ['SwiftShader', 'llvmpipe (LLVM 15.0.7, 256 bits)', 'softpipe', 'Google SwiftShader', 'Microsoft Basic Render Driver', 'Software Adapter'])
      expect(SOFTWARE_RENDERER.test(r), r).toBe(true);
    for (const r of ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)', 'Apple M2', 'Mesa Intel(R) UHD Graphics 620 (KBL GT2)', 'AMD Radeon Pro 5500M'])
      expect(SOFTWARE_RENDERER.test(r), r).toBe(false);
  });

  /** A canvas whose WebGL context answers `renderer` (unmasked when `debugInfo`), and records loseContext. */
  function fakeCanvas(renderer: string, vendor: string, debugInfo = true) {
    const lost = { count: 0 };
    const gl = {
      RENDERER: 0x1f01,
      VENDOR: 0x1f00,
      getExtension: (name: string) => (name === 'WEBGL_debug_renderer_info' ? (debugInfo ? {} : null) : name === 'WEBGL_lose_context' ? { loseContext: () => lost.count++ } : null),
      getParameter: (p: number) => ({ 0x9246: renderer, 0x9245: vendor, 0x1f01: debugInfo ? 'WebKit WebGL' : renderer, 0x1f00: debugInfo ? 'WebKit' : vendor })[p] ?? null,
    };
    return { canvas: { getContext: (kind: string) => (kind === 'webgl2' ? gl : null) }, lost };
  }

  it('probes the unmasked renderer (or gl.RENDERER without the extension) and lets the context go', () => {
    const sw = fakeCanvas('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', 'Google Inc. (Google)');
    expect(probeWebGl(sw.canvas)).toEqual({ api: true, software: true, renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', vendor: 'Google Inc. (Google)' });
    expect(sw.lost.count).toBe(1);
    expect(probeWebGl(fakeCanvas('llvmpipe (LLVM 15.0.7, 256 bits)', 'Mesa', false).canvas)).toMatchObject({ software: true, renderer: 'llvmpipe (LLVM 15.0.7, 256 bits)' });
    expect(probeWebGl(fakeCanvas('Apple M2', 'Apple').canvas)).toMatchObject({ api: true, software: false });
    expect(probeWebGl({ getContext: () => null })).toEqual({ api: false, software: false });
    expect(probeWebGl(undefined)).toEqual({ api: false, software: false });
  });

  it('takes a WebGPU adapter that names SwiftShader for a fallback even when it does not say so', async () => {
    await expect(probeWebGpu({ requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader' } }) })).resolves.toMatchObject({ adapter: true, fallback: true });
  });

  it('chooses wasm on automatic with a software WebGL renderer and records both probes in the reason', async () => {
    const choice = await chooseBackend(tf, 'auto', SOFTWARE, SWIFTSHADER_GL);
    expect(choice.backend).toBe('wasm');
    expect(choice.gl).toEqual(SWIFTSHADER_GL);
    expect(choice.reason).toContain('software (fallback) WebGPU adapter');
    expect(choice.reason).toContain('software WebGL renderer');
    expect(choice.importMs).toBeGreaterThanOrEqual(0);
    expect(choice.initMs).toBeGreaterThanOrEqual(0);
  });
});
