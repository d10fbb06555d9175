import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
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

/** PATH without any folder holding a `bun` (as on a machine with only Node and a global cdk8s CLI). */
function pathWithoutBun(): string {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => !existsSync(join(dir, "bun")))
    .join(delimiter);
}

it("`cdk8s synth` (cdk8s.yaml's app, cdk8s's own output, no global Bun) holds exactly the objects of generated/, Argo CD objects too", () => {
  const out = mkdtempSync(join(tmpdir(), "gitops-forge-cdk8s-"));
  try {
    // The cdk8s CLI runs the app command through a shell in the project folder, output folder in CDK8S_OUTDIR.
    const app = (parse(readFileSync(join(REPO_ROOT, "cdk8s.yaml"), "utf8")) as { app: string }).app;
    const proc = spawnSync("sh", ["-c", app], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH: pathWithoutBun(), CDK8S_OUTDIR: out },
      encoding: "utf8",
    });
    expect(spawnSync("sh", ["-c", "command -v bun"], { env: { PATH: pathWithoutBun() } }).status).not.toBe(0);
    expect(proc.status, proc.stderr).toBe(0);
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
      // Promtool test files are not Kubernetes objects.
      if (path.startsWith("alert-tests/")) continue;
      const o = Bun.YAML.parse(text) as any;
      generated.set(key(o), o);
    }
    expect([...generated.keys()].filter((k) => k.startsWith("AppProject/")).length).toBe(listEnvironments(REPO_ROOT).length);
    expect([...generated.keys()].sort()).toEqual([...fromCdk8s.keys()].sort());
    for (const [k, o] of generated) expect(o, k).toEqual(fromCdk8s.get(k));
  } finally {
    removeScratch(out);
  }
});
