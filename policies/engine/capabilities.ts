import { asArray, get } from "./resources";
import type { Container } from "./resources";

/** Capability names compare case-insensitively and without the CAP_ prefix, as the runtimes read them. */
export function capabilityName(value: unknown): string {
  return String(value).toUpperCase().replace(/^CAP_/, "");
}

export function capabilityList(c: Container, list: "add" | "drop"): string[] {
  return asArray(get(c.value, ["securityContext", "capabilities", list])).map(capabilityName);
}
