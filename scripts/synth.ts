import { dirname, join, relative, resolve } from "node:path";
import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { parseCommand, print, runCli } from "./lib/cli";
import { SYNTH } from "./cli/specs/synth";
import type { Parsed } from "./cli/parse";
import { useColor } from "./cli/color";
import { progress } from "./cli/progress";
import { ALERT_TESTS_FOLDER, SHARED_FOLDERS, loadEnvironments, synthesizeEnvironment, type OutputFolder } from "./lib/synth/pipeline";
import type { ResolvedEnvironment } from "../environments/schema";
import type { Report } from "../policies/engine";
import { compareTrees, isUnchanged, readTree, type TreeChanges } from "./lib/output/tree";
import { OutputTransaction } from "./lib/output/transaction";
import { withOutputLock } from "./lib/output/output-lock";
import { UserError } from "../environments/source/errors";
import { fileProblem, isFileSystemError } from "../environments/source/read-source";

export const GENERATED_DIR = "generated";
/** Above this many files a full collection between environments pays for itself in peak memory. */
const LARGE_ENVIRONMENT_FILES = 2000;

type ReportChoice = Pick<Parsed<typeof SYNTH.options>["values"], "report" | "fail-on" | "min-severity" | "quiet" | "color">;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(SYNTH, argv);
  const root = values.root ?? process.cwd();
  const outDir = join(root, GENERATED_DIR);
  // Every environment is read and checked before anything is built or written.
  const environments = loadEnvironments(root, values.env);
  const everything = !values.env?.length;
  if (values.check) return check(outDir, environments, everything);
  const shown = relative(process.cwd(), outDir) || ".";
  const onWait = (pid: number) => process.stderr.write(`waiting for another synth to finish (pid ${pid})\n`);
  return withOutputLock(
    outDir,
    shown,
    async () => {
      const report = values["no-validate"] ? undefined : await openReport(root);
      await write(outDir, environments, everything, values.quiet === true, report);
      return report ? printReport(await report.finish(), values) : 0;
    },
    { onWait },
  );
}

/** The policy report, fed each environment's folders while they are written. */
interface PolicyReport {
  environment(folders: OutputFolder[]): Promise<void>;
  finish(): Promise<Report>;
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
    finish: async () => {
      progress.step("validating what was written");
      return session.finish();
    },
  };
}

/** Prints the report as the options ask; the exit code. */
async function printReport(report: Report, choice: ReportChoice): Promise<number> {
  const engine = await import("../policies/engine");
  const failOn = choice["fail-on"];
  const opts = { color: useColor(choice.color, process.stdout), failOn };
  const shown = choice.quiet ? engine.failuresOnly(report, failOn) : engine.withMinSeverity(report, choice["min-severity"]);
  const failing = engine.exitCodeFor(report, failOn);
  if (!(choice.quiet && failing === 0)) print(choice.report ? engine.renderReport(shown, "human", opts) : engine.renderSummary(shown, opts));
  return failing;
}

/** Builds one environment at a time so only one is ever held in memory. */
function* eachEnvironment(environments: ResolvedEnvironment[]): Generator<OutputFolder[]> {
  let previousFiles = 0;
  for (const [i, env] of environments.entries()) {
    progress.step(`synthesizing ${env.name}`, i, environments.length);
    // The previous environment is garbage now: collect it before building the next.
    if (previousFiles > LARGE_ENVIRONMENT_FILES) Bun.gc(true);
    const folders = synthesizeEnvironment(env);
    previousFiles = fileCount(folders);
    yield folders;
  }
}

const fileCount = (folders: OutputFolder[]) => folders.reduce((n, f) => n + f.files.size, 0);

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
  print(`${GENERATED_DIR}/ differs from a fresh synth; run \`gitops-forge synth\` and commit the result:\n${lines.join("\n")}\n`);
  return 1;
}

/**
 * Writes every environment's folders as one transaction: all of them are
 * rendered and staged before the first one is swapped in, so a bad
 * environment, a full disk or a kill leaves generated/ as it was. The
 * report, if any, is fed each environment meanwhile.
 */
async function write(outDir: string, environments: ResolvedEnvironment[], everything: boolean, quiet: boolean, report?: PolicyReport): Promise<void> {
  const produced = new Set<string>();
  const lines: string[] = [];
  const transaction = atPath(outDir, () => new OutputTransaction(outDir));
  try {
    for (const folders of eachEnvironment(environments)) {
      // The chart just built is garbage: collected now, it does not add to the report's peak.
      if (report && fileCount(folders) > LARGE_ENVIRONMENT_FILES) Bun.gc(true);
      // The report judges the objects held in memory while their files are staged.
      const judged = report?.environment(folders);
      judged?.catch(() => undefined); // its failure is thrown by the await below, once the staging is done
      for (const folder of folders) {
        produced.add(folder.folder);
        const changes = await atPath(outDir, () => transaction.replace(folder.folder, folder.files));
        const counts = isUnchanged(changes)
          ? "unchanged"
          : `${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed`;
        lines.push(`${GENERATED_DIR}/${folder.folder}: ${folder.files.size} files (${counts})`);
      }
      await judged;
    }
    const stale = everything ? staleFolders(outDir, produced) : [];
    for (const folder of stale) {
      transaction.remove(folder);
      lines.push(`${GENERATED_DIR}/${folder}: removed (no such environment)`);
    }
    for (const folder of [...produced, ...stale]) checkWritable(outDir, folder);
  } catch (err) {
    transaction.abort();
    throw err;
  }
  atPath(outDir, () => transaction.commit());
  if (!quiet) print(lines.map((line) => line + "\n").join(""));
}

/**
 * The commit renames each folder and creates its parents: each must be a
 * writable folder, found out now, before the commit point, rather than
 * halfway through the swaps.
 */
function checkWritable(outDir: string, folder: string): void {
  const device = statSync(outDir).dev;
  for (let path = join(outDir, folder); path.length >= outDir.length; path = dirname(path)) {
    if (!existsSync(path)) continue;
    const shown = relative(process.cwd(), path) || ".";
    const stat = statSync(path);
    if (!stat.isDirectory()) throw new UserError("cannot write: is a file where a folder belongs", { file: shown });
    if (stat.dev !== device) throw new UserError(`cannot write: on another file system than ${GENERATED_DIR}/, so it cannot be swapped in one rename`, { file: shown });
    try {
      accessSync(path, constants.W_OK);
    } catch (err) {
      throw new UserError(`cannot write: ${fileProblem(err)}`, { file: shown });
    }
  }
}

/** A file-system failure while writing becomes one sentence naming its path (a full disk, a read-only folder). */
function atPath<T>(outDir: string, work: () => T): T {
  const describe = (err: unknown): never => {
    if (!isFileSystemError(err)) throw err;
    const path = err.path ? relative(process.cwd(), err.path) : relative(process.cwd(), outDir);
    throw new UserError(`cannot write: ${fileProblem(err)}`, { file: path || "." });
  };
  try {
    const result = work();
    return result instanceof Promise ? (result.catch(describe) as T) : result;
  } catch (err) {
    return describe(err);
  }
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
