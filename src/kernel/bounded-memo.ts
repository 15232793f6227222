/**
 * A pure function of a string remembered per key, up to `max` keys (then forgotten all at once):
 * for facts that never change for a key but cost on every call (libphonenumber's parse and format).
 */
export function boundedMemo<V>(max: number, compute: (key: string) => V): (key: string) => V {
  const seen = new Map<string, V>();
  return (key) => {
    if (seen.has(key)) return seen.get(key) as V;
    const value = compute(key);
    if (seen.size >= max) seen.clear();
    seen.set(key, value);
    return value;
  };
}
