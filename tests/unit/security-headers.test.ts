// The security headers shipped for static hosts carry the meta tag's policy plus frame-ancestors 'none'
// (a meta tag cannot forbid framing; issue 13).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const metaCsp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(resolve(root, 'index.html'), 'utf8'))![1];
const expected = `${metaCsp}; frame-ancestors 'none'`;

describe('security headers for static hosts', () => {
  it('public/_headers (Netlify, Cloudflare Pages) sends the policy to every path', () => {
    const text = readFileSync(resolve(root, 'public/_headers'), 'utf8');
    expect(text).toMatch(/^\/\*$/m);
    expect(/^ {2}Content-Security-Policy: (.+)$/m.exec(text)?.[1]).toBe(expected);
    expect(text).toMatch(/^ {2}X-Frame-Options: DENY$/m);
    expect(text).toMatch(/^ {2}X-Content-Type-Options: nosniff$/m);
  });
  it('vercel.json sends the same headers', () => {
    const cfg = JSON.parse(readFileSync(resolve(root, 'vercel.json'), 'utf8'));
    const all = cfg.headers.find((h: { source: string }) => h.source === '/(.*)').headers as { key: string; value: string }[];
    const get = (k: string) => all.find((h) => h.key === k)?.value;
    expect(get('Content-Security-Policy')).toBe(expected);
    expect(get('X-Frame-Options')).toBe('DENY');
  });
});
