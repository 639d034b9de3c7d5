// Lookups in objects keyed by data (file paths, track names): own properties only, so a key such as
// "toString", "constructor" or "__proto__" is an ordinary name and never reaches Object.prototype.

/** `rec[key]` when `key` is an own property of `rec`, else undefined. */
export function own<T>(rec: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return rec != null && Object.hasOwn(rec, key) ? rec[key] : undefined;
}
