/** Decimal suffixes as powers of ten, binary ones as powers of two. */
const DECIMAL_EXPONENT: Record<string, number> = { "": 0, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** The number a Kubernetes quantity stands for: `500m` -> 0.5, `2Gi` -> 2147483648. */
export function parseQuantity(text: string | number): number {
  if (typeof text === "number") return text;
  const match = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(text.trim());
  if (match) {
    const digits = match[1]!;
    const suffix = match[2]!;
    // Read in one go (`1.005e3`), so every spelling of a value gives the same number: 1.005 * 1000 would not.
    const decimal = DECIMAL_EXPONENT[suffix];
    // Scaling by a power of two is exact.
    const binary = BINARY_EXPONENT[suffix];
    const value = decimal !== undefined ? Number(`${digits}e${decimal}`) : binary !== undefined ? Number(digits) * 2 ** binary : undefined;
    if (value !== undefined && Number.isFinite(value)) return value;
  }
  throw new Error(`not a Kubernetes quantity: ${text}`);
}

/** Lenient form for manifests that may have been edited by hand: undefined for anything that is not a quantity. */
export function quantityOf(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  try {
    return parseQuantity(value);
  } catch {
    return undefined;
  }
}
