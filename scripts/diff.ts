import { join, resolve } from "node:path";
import { parseCommand, print, runCli, usageError } from "./lib/cli";
import { DIFF } from "./cli/specs/diff";
import { UserError } from "../environments/source/errors";
import { listEnvironments } from "../environments/load-environment";
import { loadAllChartEnvironments, loadChartEnvironments } from "../charts/load-environment";
import type { ResolvedEnvironment } from "../environments/schema";
import { readTree } from "./lib/output/tree";
import { GENERATED_DIR } from "./synth";
import { BodyRenderer, riskLevel } from "./pr/body";
import { unifiedDiff } from "./pr/terminal-diff";
import { useColor } from "./cli/color";
import { foldersOf, type FileMap } from "./pr/changeset";
import { localBase, planChange, UnknownRevisionError } from "./pr/plan";
import { readProvenance } from "./pr/provenance";

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(DIFF, argv);
  if (positionals.length > 1) throw usageError(DIFF, "takes at most one git ref");
  if (values.patch && values.format !== "markdown") throw usageError(DIFF, "--patch only goes with --format markdown");
  const root = resolve(values.root ?? process.cwd());
  const ref = positionals[0] ?? "HEAD";
  const environments = values.env?.length ? loadNamed(root, values.env) : loadAllChartEnvironments(root);
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
    const lines = plan.summaries.map((s, i) => {
      const counts = (status: string) => plan.changes[i]!.changes.filter((c) => c.status === status).length;
      const head = `${s.environment}: ${counts("added")} added, ${counts("changed")} changed, ${counts("removed")} removed; risk ${riskLevel([s])}`;
      return [head, ...s.risks.map((r) => `${s.environment}: risk: ${r.resource}: ${r.message}`)].join("\n");
    });
    const color = useColor(values.color, process.stdout);
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
    { withDiff: values.patch === true },
  );
  print(`${rendered.title}\n\n${rendered.body}`);
  return values["exit-code"] ? 1 : 0;
}

/** The environments --env names, in that order. */
function loadNamed(root: string, names: string[]): ResolvedEnvironment[] {
  const available = listEnvironments(root);
  for (const name of names) {
    if (!available.includes(name)) throw new UserError(`diff: unknown environment "${name}" (available: ${available.join(", ")})`);
  }
  return loadChartEnvironments(root, names);
}

if (import.meta.main) await runCli(() => main(process.argv.slice(2)));
