/**
 * `schema`: the JSON Schemas of the files users edit, written for editors
 * (yaml-language-server modelines and .vscode/settings.json point at them).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { environmentJsonSchema, partialEnvironmentJsonSchema } from "../environments/json-schema";
import configSchema from "../policies/config.schema.json" with { type: "json" };
import policySchema from "../policies/policy.schema.json" with { type: "json" };
import { waiverFileSchema } from "../policies/engine/waivers";
import { SCHEMA } from "./cli/specs/schema";
import { parseCommand, print, runCli } from "./lib/cli";

/** Where each schema lives in a repository: beside the files it describes. */
export const SCHEMA_PLACES: Record<string, string> = {
  "environment.schema.json": "environments/environment.schema.json",
  "environment-partial.schema.json": "environments/environment-partial.schema.json",
  "policy.schema.json": "policies/policy.schema.json",
  "policy-config.schema.json": "policies/config.schema.json",
  "waivers.schema.json": "policies/waivers.schema.json",
};

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
  const base = resolve(values.out ?? values.root ?? ".");
  const files = new Map([...schemaFiles()].map(([name, text]) => [join(base, values.out ? name : SCHEMA_PLACES[name]!), text]));
  const shown = (path: string) => relative(process.cwd(), path) || path;
  if (values.check) {
    const stale = [...files].filter(([path, text]) => !existsSync(path) || readFileSync(path, "utf8") !== text).map(([path]) => path);
    if (stale.length === 0) {
      print(`schemas are up to date (${files.size} files)\n`);
      return 0;
    }
    print(`these differ from a fresh export; run \`gitops-forge schema${values.out ? ` --out ${shown(base)}` : ""}\`:\n${stale.map((p) => `  ${shown(p)}\n`).join("")}`);
    return 1;
  }
  for (const [path, text] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  print(`wrote ${[...files.keys()].map(shown).join(", ")}\n`);
  return 0;
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
