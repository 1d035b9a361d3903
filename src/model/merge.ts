// Overlays and `extends` are deep merges: objects merge key by key, everything else (arrays included) is
// replaced, and `null` deletes a key. Replacing arrays keeps overlays predictable: a list is always the
// overlay's list, never an interleaving of two.

type Json = unknown;

const isPlainObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepMerge(base: Json, overlay: Json): Json {
  if (overlay === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(overlay)) return overlay;
  const out: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) delete out[key];
    else out[key] = deepMerge(base[key], value);
  }
  return out;
}
