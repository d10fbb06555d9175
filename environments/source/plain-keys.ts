/** Plain scalars the YAML 1.2 core schema reads as null, a boolean, an integer or a float. */
const NOT_A_STRING = [
  /^(~|null|Null|NULL|)$/,
  /^(true|True|TRUE|false|False|FALSE)$/,
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/,
  /^[-+]?\.(inf|Inf|INF)$/,
  /^\.(nan|NaN|NAN)$/,
];

/**
 * A plain (unquoted) YAML key read as the string it spells. Others (`True`,
 * `0x1`, `~`, `1.0`) are read as booleans, numbers or null, and may equal a
 * key spelt differently (`true`, `1`, `null`), so a comparison of spellings
 * cannot find their duplicates.
 */
export function plainKeyReadsAsString(key: string): boolean {
  return !NOT_A_STRING.some((pattern) => pattern.test(key));
}
