import type { default as Ajv, KeywordCxt } from "ajv";
import { fileURLToPath } from "node:url";
import { quantityOf } from "../../environments/source/quantity";

/**
 * `quantityEquals: {$data: <relative pointer>}` in a check schema: the value is the same Kubernetes
 * quantity as the one pointed at, however spelt (`1Gi` and `1024Mi`, `1` and `1000m`, a YAML number and
 * a string), as the API server compares them. A value that is not a quantity equals only itself. When
 * nothing is pointed at, the keyword passes (as every `$data` keyword does): schemas require it if needed.
 *
 * A code-generating keyword, so compiled checks can be cached as standalone code: that code requires
 * this module for `sameQuantity`.
 */
export function addQuantityEquals(ajv: Ajv): void {
  const { _ } = require("ajv") as typeof import("ajv");
  ajv.addKeyword({
    keyword: "quantityEquals",
    $data: true,
    code(cxt: KeywordCxt) {
      const same = cxt.gen.scopeValue("func", { ref: sameQuantity, code: _`require(${fileURLToPath(import.meta.url)}).sameQuantity` });
      cxt.fail$data(_`!${same}(${cxt.data}, ${cxt.schemaCode})`);
    },
  });
}

export function sameQuantity(a: unknown, b: unknown): boolean {
  if (a === b) return true; // the usual case, without parsing
  const x = quantityOf(a);
  const y = quantityOf(b);
  return x !== undefined && y !== undefined && x === y;
}
