/** Plain scalars the YAML 1.2 core schema reads as null or a boolean. */
const NULL_OR_BOOLEAN = new Set(["", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]);
/** ... and as an integer or a float: each starts with a digit, a sign or a dot. */
const NUMBER = [
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
  if (NULL_OR_BOOLEAN.has(key)) return false;
  // Called for every key of every manifest: most start with a letter and need no pattern.
  const first = key.charCodeAt(0);
  const mayBeNumber = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
  return !mayBeNumber || !NUMBER.some((pattern) => pattern.test(key));
}
