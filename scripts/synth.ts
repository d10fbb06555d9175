import { basename, dirname, join, relative, resolve } from "node:path";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { parseCommandArgs, print, runCli } from "./lib/cli";
import { ALERT_TESTS_FOLDER, SHARED_FOLDERS, loadEnvironments, synthesizeEnvironment, type OutputFolder } from "./lib/synth/pipeline";
import type { ResolvedEnvironment } from "../environments/schema";
import { compareTrees, isUnchanged, readTree, type TreeChanges } from "./lib/output/tree";
import { removeDirectory, replaceDirectory } from "./lib/output/atomic-dir";

const USAGE = `usage: synth [--env NAME]... [--check] [--no-validate] [--root DIR]

Synthesizes environments/<env>.yaml into generated/<env>/, then validates what
it wrote against policies/ (exit 1 on error-level violations).
  --env NAME      only this environment (repeatable); default: all
  --check         write nothing; exit 1 and list files that differ from a fresh synth
  --no-validate   skip the policy report
  --root DIR      repository root (default: current directory)`;

export const GENERATED_DIR = "generated";
/** Above this many files a full collection between environments pays for itself in peak memory. */
const LARGE_ENVIRONMENT_FILES = 2000;

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("synth", argv, {
    env: { type: "string", multiple: true },
    check: { type: "boolean", default: false },
    "no-validate": { type: "boolean", default: false },
    root: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    print(USAGE + "\n");
    return 0;
  }
  const root = values.root ?? process.cwd();
  const outDir = join(root, GENERATED_DIR);
  // Every environment is read and checked before anything is built or written.
  const environments = loadEnvironments(root, values.env);
  const everything = !values.env?.length;
  if (values.check) return check(outDir, environments, everything);
  const report = values["no-validate"] ? undefined : await openReport(root);
  await write(outDir, environments, everything, report);
  return report ? report.print() : 0;
}

/** The policy report, fed each environment's folders while they are written. */
interface PolicyReport {
  environment(folders: OutputFolder[]): Promise<void>;
  /** Prints the report; the exit code (1 on error-level findings). */
  print(): number;
}

/**
 * The policy report on the objects synth holds, with the text it writes for
 * them: the findings and lines `validate generated/` gives on the written
 * tree, without reading it back. Each environment is judged in slices that
 * let its file writes proceed in between.
 */
async function openReport(root: string): Promise<PolicyReport> {
  const engine = await import("../policies/engine");
  // A repository without its own policies/ is checked against the bundled ones.
  const policyRoot = existsSync(join(root, "policies")) ? root : resolve(import.meta.dirname, "..");
  const session = engine.openValidation({ root: policyRoot }, () => new Promise((resume) => setImmediate(resume)));
  return {
    environment: (folders) =>
      session.add(
        folders
          .filter((f) => !f.folder.startsWith(`${ALERT_TESTS_FOLDER}/`))
          .flatMap((f) => [...f.objects].map(([path, object]) => engine.heldManifest(relative(process.cwd(), join(root, GENERATED_DIR, f.folder, path)), object, f.files.get(path)!))),
      ),
    print() {
      const report = session.finish();
      print(engine.renderReport(report, "human", { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
      return engine.exitCodeFor(report);
    },
  };
}

/** Builds one environment at a time so only one is ever held in memory. */
function* eachEnvironment(environments: ResolvedEnvironment[]): Generator<OutputFolder[]> {
  let previousFiles = 0;
  for (const env of environments) {
    // The previous environment is garbage now: collect it before building the next.
    if (previousFiles > LARGE_ENVIRONMENT_FILES) Bun.gc(true);
    const folders = synthesizeEnvironment(env);
    previousFiles = folders.reduce((n, f) => n + f.files.size, 0);
    yield folders;
  }
}

function* eachFolder(environments: ResolvedEnvironment[]): Generator<OutputFolder> {
  for (const folders of eachEnvironment(environments)) yield* folders;
}

/** Folders in generated/ that a full synth no longer produces (a removed environment). */
function staleFolders(outDir: string, produced: Set<string>): string[] {
  const subfolders = (path: string) =>
    existsSync(join(outDir, path))
      ? readdirSync(join(outDir, path))
          .filter((name) => !name.startsWith(".") && statSync(join(outDir, path, name)).isDirectory())
          .map((name) => (path ? `${path}/${name}` : name))
      : [];
  const candidates = [...subfolders("").filter((f) => !SHARED_FOLDERS.includes(f)), ...SHARED_FOLDERS.flatMap(subfolders)];
  return candidates.filter((f) => !produced.has(f)).sort();
}

function check(outDir: string, environments: ResolvedEnvironment[], everything: boolean): number {
  const lines: string[] = [];
  const produced = new Set<string>();
  for (const folder of eachFolder(environments)) {
    produced.add(folder.folder);
    const changes = compareTrees(readTree(join(outDir, folder.folder)), folder.files);
    lines.push(...describeChanges(folder.folder, changes));
  }
  if (everything) for (const stale of staleFolders(outDir, produced)) lines.push(`  extra    ${GENERATED_DIR}/${stale}/ (no such environment)`);
  if (lines.length === 0) {
    print(`${GENERATED_DIR}/ is up to date (${environments.map((e) => e.name).join(", ")})\n`);
    return 0;
  }
  print(`${GENERATED_DIR}/ differs from a fresh synth; run \`bun run synth\` and commit the result:\n${lines.join("\n")}\n`);
  return 1;
}

/** Writes every environment's folders, each judged by the report (if any) meanwhile. */
async function write(outDir: string, environments: ResolvedEnvironment[], everything: boolean, report?: PolicyReport): Promise<void> {
  const produced = new Set<string>();
  for (const folders of eachEnvironment(environments)) {
    const judged = report?.environment(folders);
    judged?.catch(() => undefined); // its failure is thrown by the await below, once the writes are done
    for (const folder of folders) await writeFolder(outDir, folder, produced);
    await judged;
  }
  if (everything) {
    for (const stale of staleFolders(outDir, produced)) {
      removeDirectory(join(outDir, dirname(stale)), basename(stale));
      print(`${GENERATED_DIR}/${stale}: removed (no such environment)\n`);
    }
  }
}

async function writeFolder(outDir: string, folder: OutputFolder, produced: Set<string>): Promise<void> {
  produced.add(folder.folder);
  const parent = join(outDir, dirname(folder.folder));
  mkdirSync(parent, { recursive: true });
  const changes = await replaceDirectory(parent, basename(folder.folder), folder.files);
  const counts = isUnchanged(changes)
    ? "unchanged"
    : `${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed`;
  print(`${GENERATED_DIR}/${folder.folder}: ${folder.files.size} files (${counts})\n`);
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
