import { join, resolve } from "node:path";
import { parseCommandArgs, print, runCli } from "./lib/cli";
import { UserError } from "../environments/source/errors";
import { listEnvironments } from "../environments/load-environment";
import { loadChartEnvironment } from "../charts/load-environment";
import { readTree } from "./lib/output/tree";
import { GENERATED_DIR } from "./synth";
import { BodyRenderer, riskLevel } from "./pr/body";
import { unifiedDiff, wantsColor } from "./pr/terminal-diff";
import { foldersOf, type FileMap } from "./pr/changeset";
import { localBase, planChange, UnknownRevisionError } from "./pr/plan";
import { readProvenance } from "./pr/provenance";

const USAGE = `usage: diff [REF] [--env NAME]... [--format diff|markdown] [--patch] [--exit-code] [--templates DIR] [--root DIR]

Prints the change between the working tree's generated/ and generated/ at a
git ref (default HEAD): a unified diff of the changed manifests, coloured on a
terminal (NO_COLOR turns colour off, FORCE_COLOR on), then one line per
environment with its counts and risk flags. --format markdown prints instead
the summary \`pr\` would propose: resources added, changed and removed,
reviewer facts, risk flags, the service diagram and the capacity delta.
  --env NAME        only this environment (repeatable); default: all
  --format FORMAT   diff (default) or markdown
  --patch           with --format markdown: also the per-file diffs
  --exit-code       exit 1 when there are differences
  --templates DIR   PR body templates overriding scripts/pr/templates (default: templates/pr if present)
  --root DIR        repository root (default: current directory)`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "diff",
    argv,
    {
      env: { type: "string", multiple: true },
      format: { type: "string", default: "diff" },
      patch: { type: "boolean", default: false },
      "exit-code": { type: "boolean", default: false },
      templates: { type: "string" },
      root: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    true,
  );
  if (values.help) {
    print(USAGE + "\n");
    return 0;
  }
  if (positionals.length > 1) throw new UserError("diff: takes at most one git ref");
  if (values.format !== "diff" && values.format !== "markdown") throw new UserError(`diff: --format must be diff or markdown, not "${values.format}"`);
  if (values.patch && values.format !== "markdown") throw new UserError("diff: --patch only goes with --format markdown");
  const root = resolve(values.root ?? process.cwd());
  const ref = positionals[0] ?? "HEAD";
  const available = listEnvironments(root);
  for (const name of values.env ?? []) {
    if (!available.includes(name)) throw new UserError(`diff: unknown environment "${name}" (available: ${available.join(", ")})`);
  }
  const environments = (values.env?.length ? values.env : available).map((name) => loadChartEnvironment(root, name));
  const desired: FileMap = new Map();
  for (const folder of environments.flatMap((env) => foldersOf(env.name))) {
    for (const [path, text] of readTree(join(root, GENERATED_DIR, folder))) desired.set(`${folder}/${path}`, text);
  }
  const base = await localBase(ref, `${GENERATED_DIR}/`, { cwd: root }).catch((err) => {
    throw err instanceof UnknownRevisionError ? new UserError(`diff: ${err.message} in ${root}`) : err;
  });
  const plan = await planChange(desired, base, environments.map((e) => ({ name: e.name, production: e.tier === "production" })));
  if (!plan) {
    print(`${GENERATED_DIR}/ matches ${ref} (${environments.map((e) => e.name).join(", ")})\n`);
    return 0;
  }
  if (values.format === "diff") {
    const color = wantsColor(process.env, process.stdout.isTTY === true);
    const lines = plan.summaries.map((s, i) => {
      const counts = (status: string) => plan.changes[i]!.changes.filter((c) => c.status === status).length;
      const head = `${s.environment}: ${counts("added")} added, ${counts("changed")} changed, ${counts("removed")} removed; risk ${riskLevel([s])}`;
      return [head, ...s.risks.map((r) => `${s.environment}: risk: ${r.resource}: ${r.message}`)].join("\n");
    });
    print(`${unifiedDiff(plan.changes.flatMap((e) => e.changes), `${GENERATED_DIR}/`, color)}${lines.join("\n")}\n`);
    return values["exit-code"] ? 1 : 0;
  }
  const templates = values.templates ? resolve(values.templates) : join(root, "templates", "pr");
  const rendered = new BodyRenderer(templates).render(
    {
      changes: plan.changes,
      summaries: plan.summaries,
      allowViolations: false,
      provenance: await readProvenance(root, ["gitops-forge", "diff", ...argv].join(" ")),
      target: { repository: "working tree", baseBranch: ref, branch: `${GENERATED_DIR}/` },
    },
    { withDiff: values.patch },
  );
  print(`${rendered.title}\n\n${rendered.body}`);
  return values["exit-code"] ? 1 : 0;
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
