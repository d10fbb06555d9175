import { join } from "node:path";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { parseCommandArgs, runCli } from "./lib/cli";
import { synthesize, type OutputFolder } from "./lib/synth/pipeline";
import { compareTrees, isUnchanged, readTree, type TreeChanges } from "./lib/output/tree";
import { recover, removeDirectory, replaceDirectory } from "./lib/output/atomic-dir";

const USAGE = `usage: synth [--env NAME]... [--check] [--root DIR]

Synthesizes environments/<env>.yaml into generated/<env>/.
  --env NAME   only this environment (repeatable); default: all
  --check      write nothing; exit 1 and list files that differ from a fresh synth
  --root DIR   repository root (default: current directory)`;

export const GENERATED_DIR = "generated";

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("synth", argv, {
    env: { type: "string", multiple: true },
    check: { type: "boolean", default: false },
    root: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const root = values.root ?? process.cwd();
  const outDir = join(root, GENERATED_DIR);
  const { folders } = synthesize(root, values.env);
  const everything = !values.env?.length;
  return values.check ? check(outDir, folders, everything) : write(outDir, folders, everything);
}

/** Folders in generated/ that a full synth no longer produces (a removed environment). */
function staleFolders(outDir: string, folders: OutputFolder[]): string[] {
  if (!existsSync(outDir)) return [];
  const produced = new Set(folders.map((f) => f.folder));
  return readdirSync(outDir)
    .filter((name) => !name.startsWith(".") && !produced.has(name) && statSync(join(outDir, name)).isDirectory())
    .sort();
}

function check(outDir: string, folders: OutputFolder[], everything: boolean): number {
  const lines: string[] = [];
  for (const folder of folders) {
    const changes = compareTrees(readTree(join(outDir, folder.folder)), folder.files);
    lines.push(...describeChanges(folder.folder, changes));
  }
  if (everything) for (const stale of staleFolders(outDir, folders)) lines.push(`  removed  ${GENERATED_DIR}/${stale}/ (no such environment)`);
  if (lines.length === 0) {
    process.stdout.write(`${GENERATED_DIR}/ is up to date (${folders.map((f) => f.folder).join(", ")})\n`);
    return 0;
  }
  process.stdout.write(`${GENERATED_DIR}/ differs from a fresh synth; run \`bun run synth\` and commit the result:\n${lines.join("\n")}\n`);
  return 1;
}

function write(outDir: string, folders: OutputFolder[], everything: boolean): number {
  mkdirSync(outDir, { recursive: true });
  recover(outDir);
  for (const folder of folders) {
    const changes = replaceDirectory(outDir, folder.folder, folder.files);
    const counts = isUnchanged(changes)
      ? "unchanged"
      : `${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed`;
    process.stdout.write(`${GENERATED_DIR}/${folder.folder}: ${folder.files.size} manifests (${counts})\n`);
  }
  if (everything) {
    for (const stale of staleFolders(outDir, folders)) {
      removeDirectory(outDir, stale);
      process.stdout.write(`${GENERATED_DIR}/${stale}: removed (no such environment)\n`);
    }
  }
  return 0;
}

function describeChanges(folder: string, changes: TreeChanges): string[] {
  const at = (p: string) => `${GENERATED_DIR}/${folder}/${p}`;
  return [
    ...changes.added.map((p) => `  missing  ${at(p)}`),
    ...changes.changed.map((p) => `  differs  ${at(p)}`),
    ...changes.removed.map((p) => `  extra    ${at(p)}`),
  ];
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
