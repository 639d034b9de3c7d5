// The CLI's logs and terminal output stay one line per message whatever the file names hold, the log
// never throws, and files are read with bounded concurrency (issue 13).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { mapLimited } from '../../src/cli/fs-inputs';
import { CliLog } from '../../src/cli/log';
import { coded, escapeControl, formatCoded, logLine } from '../../src/core/errors';

describe('escaping text from the data', () => {
  it('writes control characters, ANSI escapes and bidi overrides as escapes', () => {
    expect(escapeControl('a\nb\r\x1b[31mred\u202e\u0000')).toBe('a\\x0ab\\x0d\\x1b[31mred\\u202e\\x00');
    expect(escapeControl('Circuit de Spa-Francorchamps é')).toBe('Circuit de Spa-Francorchamps é');
  });

  it('keeps a forged file name on one log line and one terminal line', () => {
    const name = 'x.csv\n[2025-01-01 00:00:00] [INFO] [analyze] [I000] all good\x1b[2J';
    const line = logLine('analyze', coded('E019', name), new Date(0));
    expect(line.split('\n')).toHaveLength(1);
    expect(line).not.toContain('\x1b');
    expect(formatCoded(coded('E019', name)).split('\n')).toHaveLength(1);
  });
});

describe('CliLog', () => {
  it('prints one coded warning instead of throwing when the log cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfdna-log-'));
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'not a folder');
    const log = new CliLog('analyze', join(blocker, 'logs'));
    log.write('analyze', coded('E019', 'a.csv'));
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(log.flush()).resolves.toBeUndefined();
    expect(err.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^warning W093 /)]);
    err.mockRestore();
    const ok = new CliLog('analyze', join(dir, 'logs'));
    ok.write('analyze', coded('E019', 'a\nb.csv'));
    await ok.flush();
    expect(readFileSync(join(dir, 'logs', 'analyze.log'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

describe('mapLimited', () => {
  it('keeps at most the limit in flight and the results in order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimited(Array.from({ length: 300 }, (_, i) => i), 16, async (i) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, i % 3));
      inFlight--;
      return i * 2;
    });
    expect(most).toBe(16);
    expect(out).toEqual(Array.from({ length: 300 }, (_, i) => i * 2));
  });
});
