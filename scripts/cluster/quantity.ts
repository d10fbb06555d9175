import { parseQuantity as parseQuantityText } from "../lib/quantity";

/** A Kubernetes quantity (`500m`, `16Gi`, 4) as a number, or undefined for anything that is not one. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  try {
    return parseQuantityText(value);
  } catch {
    return undefined;
  }
}
