import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { App, ApiObject } from "cdk8s";
import { EnvironmentChart } from "../../charts/environment-chart";
import { manifestOf } from "../../charts/_to-json";
import { loadEnvironment, listEnvironments } from "../../environments/load-environment";
import { readTree } from "../../scripts/lib/output/tree";
import { REPO_ROOT, removeScratch } from "../helpers/repo";

describe.each(listEnvironments(REPO_ROOT))("environment %s", (name) => {
  const chart = new EnvironmentChart(new App(), loadEnvironment(REPO_ROOT, name));
  const objects = chart.node.findAll().filter((n): n is ApiObject => n instanceof ApiObject);

  it.each(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ""}/${o.name}`, o] as const))(
    "%s renders the same through the fast path as through cdk8s's toJson",
    (_, object) => {
      expect(manifestOf(object)).toEqual(object.toJson());
    },
  );
});

it("`cdk8s synth` (charts/main.ts, cdk8s's own output) holds exactly the objects of generated/", () => {
  const out = mkdtempSync(join(tmpdir(), "gitops-forge-cdk8s-"));
  try {
    const proc = Bun.spawnSync([process.execPath, join(REPO_ROOT, "charts/main.ts")], {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK8S_OUTDIR: out, GITOPS_FORGE_ROOT: REPO_ROOT },
      stderr: "pipe",
    });
    expect(proc.exitCode, proc.stderr.toString()).toBe(0);
    const key = (o: any) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}/${o.metadata.labels?.["gitops-forge.io/environment"]}`;
    const fromCdk8s = new Map<string, unknown>();
    for (const file of readdirSync(out)) {
      for (const doc of parseAllDocuments(readFileSync(join(out, file), "utf8"))) {
        const o = doc.toJS();
        fromCdk8s.set(key(o), o);
      }
    }
    const generated = new Map<string, unknown>();
    for (const [path, text] of readTree(join(REPO_ROOT, "generated"))) {
      if (path.startsWith("argocd/") || path.startsWith("alert-tests/")) continue;
      const o = Bun.YAML.parse(text) as any;
      generated.set(key(o), o);
    }
    expect([...generated.keys()].sort()).toEqual([...fromCdk8s.keys()].sort());
    for (const [k, o] of generated) expect(o, k).toEqual(fromCdk8s.get(k));
  } finally {
    removeScratch(out);
  }
});
