/**
 * `init [DIR]`: a new GitOps source repository that synthesizes and validates
 * at once. Starter environments, README and .gitignore come from
 * scripts/init/template/; the policy config, waivers, editor settings and CI
 * workflow are this repository's own, so a new repository starts as this one
 * is set up; the JSON Schemas are exported fresh.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import packageJson from "../package.json" with { type: "json" };
import { UserError } from "../environments/source/errors";
import { INIT } from "./cli/specs/init";
import { parseCommand, print, runCli, usageError } from "./lib/cli";
import { SCHEMA_PLACES, schemaFiles } from "./schema";

const TOOL_ROOT = resolve(import.meta.dirname, "..");
const TEMPLATE = join(import.meta.dirname, "init", "template");
/** Files of this repository a new one starts with, as they are here. */
const COPIED = ["policies/config.yaml", "policies/waivers.yaml", ".vscode/settings.json", ".vscode/extensions.json", ".github/workflows/gitops-forge.yml"];

export async function main(argv: string[]): Promise<number> {
  const { positionals } = parseCommand(INIT, argv);
  if (positionals.length > 1) throw usageError(INIT, "takes at most one folder");
  const dir = resolve(positionals[0] ?? ".");
  const files = scaffold(basename(dir));
  const existing = [...files.keys()].filter((path) => existsSync(join(dir, path)));
  if (existing.length > 0) throw new UserError(`init: would overwrite ${existing.join(", ")} in ${relative(process.cwd(), dir) || "."}; nothing written`);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const shown = relative(process.cwd(), dir) || ".";
  print(`${shown}: ${files.size} files written\n\nNext:\n${shown === "." ? "" : `  cd ${shown}\n`}  npm install\n  npx gitops-forge synth\n`);
  return 0;
}

/** Every file of a new repository by path. */
function scaffold(name: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of listFiles(TEMPLATE)) files.set(path === "gitignore" ? ".gitignore" : path, readFileSync(join(TEMPLATE, path), "utf8"));
  for (const path of COPIED) files.set(path, readFileSync(join(TOOL_ROOT, path), "utf8"));
  for (const [file, text] of schemaFiles()) files.set(SCHEMA_PLACES[file]!, text);
  files.set("package.json", JSON.stringify(projectPackage(name), null, 2) + "\n");
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

function projectPackage(name: string) {
  const packageName = name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "") || "gitops-source";
  return {
    name: packageName,
    private: true,
    description: "GitOps source of the ML serving platform (gitops-forge)",
    scripts: { synth: "gitops-forge synth", validate: "gitops-forge validate", diff: "gitops-forge diff", test: "gitops-forge synth --check" },
    devDependencies: { [packageJson.name]: `^${packageJson.version}` },
  };
}

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const path = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, path) : [path];
  });
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
