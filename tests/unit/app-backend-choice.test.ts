// The browser worker's tfjs backend choice (src/model/backend.ts): WebGPU only on a real adapter, a
// software (fallback) adapter skipped for WebGL/wasm, a forced backend first, and the reason recorded.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendOrder, chooseBackend, probeWebGpu, type GpuAdapterProbe } from '../../src/model/backend';

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
