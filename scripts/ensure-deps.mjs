// Runs before `npm test` and `npm start` (pretest / prestart): installs the locked dependencies with
// `npm ci` when node_modules is missing or package-lock.json changed since the last install, and does
// nothing otherwise. "Changed" = the lock file's sha256 differs from the one written after the last
// install (node_modules/.performance-dna-lock); without that stamp, an install whose hidden lock file
// (node_modules/.package-lock.json, written by npm) is newer than package-lock.json counts as current.
// Only Node built-ins: it has to run before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const STAMP = '.performance-dna-lock';

export function lockHash(root) {
  return createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
}

/** Why an install is needed, or null when node_modules matches package-lock.json. */
export function installReason(root) {
  const modules = join(root, 'node_modules');
  const hidden = join(modules, '.package-lock.json');
  if (!existsSync(hidden)) return 'node_modules is missing';
  const stamp = join(modules, STAMP);
  if (existsSync(stamp)) return readFileSync(stamp, 'utf8').trim() === lockHash(root) ? null : 'package-lock.json changed';
  return statSync(hidden).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs ? null : 'package-lock.json is newer than node_modules';
}

export function writeStamp(root) {
  writeFileSync(join(root, 'node_modules', STAMP), `${lockHash(root)}\n`);
}

function main() {
  const root = resolve(import.meta.dirname, '..');
  const reason = installReason(root);
  if (reason === null) {
    if (!existsSync(join(root, 'node_modules', STAMP))) writeStamp(root);
    return;
  }
  console.log(`${reason}: npm ci`);
  const npm = process.env.npm_execpath
    ? { cmd: process.execPath, args: [process.env.npm_execpath, 'ci', '--no-audit', '--no-fund'] }
    : { cmd: 'npm', args: ['ci', '--no-audit', '--no-fund'] };
  const run = spawnSync(npm.cmd, npm.args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  writeStamp(root);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
