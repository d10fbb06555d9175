/**
 * `schema`: the JSON Schemas of the files users edit, written for editors
 * (yaml-language-server modelines and .vscode/settings.json point at them).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { environmentJsonSchema, partialEnvironmentJsonSchema } from "../environments/json-schema";
import configSchema from "../policies/config.schema.json" with { type: "json" };
import policySchema from "../policies/policy.schema.json" with { type: "json" };
import { waiverFileSchema } from "../policies/engine/waivers";
import { SCHEMA } from "./cli/specs/schema";
import { parseCommand, print, runCli } from "./lib/cli";

/** Every exported schema by file name, as text. */
export function schemaFiles(): Map<string, string> {
  const waivers = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://gitops-forge.io/schemas/waivers.schema.json",
    title: "gitops-forge policy waivers",
    ...waiverFileSchema,
  };
  const documents: Record<string, object> = {
    "environment.schema.json": environmentJsonSchema(),
    "environment-partial.schema.json": partialEnvironmentJsonSchema(),
    "policy.schema.json": policySchema,
    "policy-config.schema.json": configSchema,
    "waivers.schema.json": waivers,
  };
  return new Map(Object.entries(documents).map(([name, schema]) => [name, JSON.stringify(schema, null, 2) + "\n"]));
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(SCHEMA, argv);
  const out = resolve(values.out);
  const shown = relative(process.cwd(), out) || ".";
  const files = schemaFiles();
  if (values.check) {
    const stale = [...files].filter(([name, text]) => !existsSync(join(out, name)) || readFileSync(join(out, name), "utf8") !== text).map(([name]) => name);
    if (stale.length === 0) {
      print(`${shown}/ is up to date (${files.size} schemas)\n`);
      return 0;
    }
    print(`${shown}/ differs from a fresh export; run \`gitops-forge schema --out ${shown}\`:\n${stale.map((n) => `  ${shown}/${n}\n`).join("")}`);
    return 1;
  }
  mkdirSync(out, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(out, name), text);
  print(`${shown}/: ${[...files.keys()].join(", ")}\n`);
  return 0;
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
