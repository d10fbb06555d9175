import type { KeywordDefinition } from "ajv";
import { quantityOf } from "../../environments/source/quantity";

/**
 * `quantityEquals: {$data: <relative pointer>}` in a check schema: the value is the same Kubernetes
 * quantity as the one pointed at, however spelt (`1Gi` and `1024Mi`, `1` and `1000m`, a YAML number and
 * a string), as the API server compares them. A value that is not a quantity equals only itself. When
 * nothing is pointed at, the keyword passes (as every `$data` keyword does): schemas require it if needed.
 */
export const quantityEquals: KeywordDefinition = {
  keyword: "quantityEquals",
  $data: true,
  errors: false,
  validate: (other: unknown, value: unknown) => sameQuantity(value, other),
};

function sameQuantity(a: unknown, b: unknown): boolean {
  if (a === b) return true; // the usual case, without parsing
  const x = quantityOf(a);
  const y = quantityOf(b);
  return x !== undefined && y !== undefined && x === y;
}
