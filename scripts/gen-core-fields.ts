// Regenerates policies/engine/core-fields.json, the known fields of every core
// Kubernetes type, from the model classes of @kubernetes/client-node. validate
// reads the JSON so that it never loads the client (run after upgrading it).
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const CORE_FIELDS_FILE = resolve(import.meta.dirname, "../policies/engine/core-fields.json");

type Model = { getAttributeTypeMap?: () => Array<{ baseName: string; type: string }> };

/** Type name -> field name -> type name, sorted, for every model of the client. */
export async function coreFields(): Promise<Record<string, Record<string, string>>> {
  const models = (await import("@kubernetes/client-node")) as unknown as Record<string, Model | undefined>;
  const out: Record<string, Record<string, string>> = {};
  for (const name of Object.keys(models).sort()) {
    const map = /^V\d/.test(name) ? models[name]?.getAttributeTypeMap?.() : undefined;
    if (!map) continue;
    out[name] = Object.fromEntries(map.map((a) => [a.baseName, a.type]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
  }
  return out;
}

/** One type per line, so an upgrade reads as a reviewable diff. */
export function renderCoreFields(fields: Record<string, Record<string, string>>): string {
  return `{\n${Object.entries(fields).map(([type, f]) => `${JSON.stringify(type)}: ${JSON.stringify(f)}`).join(",\n")}\n}\n`;
}

if (import.meta.main) {
  writeFileSync(CORE_FIELDS_FILE, renderCoreFields(await coreFields()));
  console.log(`wrote ${join("policies/engine", "core-fields.json")}`);
}
