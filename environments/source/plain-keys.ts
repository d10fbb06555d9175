/**
 * A plain (unquoted) YAML key that every YAML reader takes for the string it
 * spells. Others (`True`, `0x1`, `~`, `1.0`) are read as booleans, numbers or
 * null, and may equal a key spelt differently (`true`, `1`, `null`), so a
 * comparison of spellings cannot find their duplicates.
 */
export function plainKeyReadsAsString(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(key) && !/^(y|yes|n|no|true|false|on|off|null|nan|inf)$/i.test(key);
}
