// Types of ensure-deps.mjs for the tests.
export const STAMP: string;
export function lockHash(root: string): string;
export function installReason(root: string): string | null;
export function writeStamp(root: string): void;
