const SUFFIX: Record<string, number> = {
  "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The number a Kubernetes quantity stands for: `500m` -> 0.5, `2Gi` -> 2147483648. */
export function parseQuantity(text: string | number): number {
  if (typeof text === "number") return text;
  const match = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(text.trim());
  const factor = match ? SUFFIX[match[2]!] : undefined;
  if (!match || factor === undefined) throw new Error(`not a Kubernetes quantity: ${text}`);
  return Number(match[1]) * factor;
}
