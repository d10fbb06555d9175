type Plain = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * `override` on top of `base`: mappings merge key by key, anything else
 * (scalars, lists) is replaced whole, and `null` removes an inherited key.
 * Lists replace rather than append so a child can shrink what it inherits.
 */
export function deepMerge(base: Plain, override: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = deepMerge(out[key] as Plain, value);
    else out[key] = value;
  }
  return out;
}
