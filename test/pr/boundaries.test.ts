import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** Packages a command's static import graph reaches (relative imports followed). */
function packagesReached(entry: string): Set<string> {
  const transpiler = new Bun.Transpiler({ loader: "ts" });
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { path, kind } of transpiler.scanImports(readFileSync(file, "utf8"))) {
      if (kind === "dynamic-import") continue;
      if (!path.startsWith(".")) {
        packages.add(path.startsWith("@") ? path.split("/").slice(0, 2).join("/") : path.split("/")[0]!);
        continue;
      }
      const base = resolve(dirname(file), path);
      const target = [base, `${base}.ts`, join(base, "index.ts")].find((c) => existsSync(c) && c.endsWith(".ts"));
      if (target) visit(target);
    }
  };
  visit(entry);
  return packages;
}

const REPO = resolve(__dirname, "../..");

describe("command boundaries", () => {
  it("pr and diff never load the Kubernetes client", () => {
    for (const command of ["pr.ts", "diff.ts"]) {
      const reached = packagesReached(join(REPO, "scripts", command));
      expect(reached.has("@octokit/rest") || command === "diff.ts").toBe(true);
      expect(reached.has("@kubernetes/client-node")).toBe(false);
    }
  });

  it("synth never loads Octokit (pr imports synth, not the reverse)", () => {
    const reached = [...packagesReached(join(REPO, "scripts", "synth.ts"))];
    expect(reached.filter((p) => p.startsWith("@octokit/"))).toEqual([]);
    expect(reached).toContain("cdk8s");
  });
});
