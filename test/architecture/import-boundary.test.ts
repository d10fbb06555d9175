import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../loopback/kube/fixtures";

const CLIENT = "@kubernetes/client-node";
const transpiler = new Bun.Transpiler({ loader: "ts" });

/**
 * Every package an entry module loads at run time, following imports and
 * requires through the project's modules and into node_modules (type-only
 * imports are erased by the transpiler, as they are at run time).
 */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !/\.(?:[cm]?[jt]s)$/.test(file)) return;
    seen.add(file);
    for (const imp of transpiler.scanImports(readFileSync(file, "utf8"))) {
      const specifier = imp.path;
      if (specifier.startsWith("node:") || specifier.startsWith("bun:") || builtinModules.includes(specifier.split("/")[0]!)) continue;
      const resolved = resolveOrSkip(specifier, file);
      if (!resolved) continue;
      if (!specifier.startsWith(".") && !specifier.startsWith("/")) {
        const parts = specifier.split("/");
        packages.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
      }
      visit(resolved);
    }
  };
  visit(entry);
  return packages;
}

/** Optional dependencies a package requires inside try/catch may be absent: then they never load. */
function resolveOrSkip(specifier: string, from: string): string | undefined {
  try {
    return Bun.resolveSync(specifier, path.dirname(from));
  } catch {
    return undefined;
  }
}

describe("import boundary", () => {
  it("the cluster command loads the Kubernetes client (the scan sees it)", () => {
    expect(packagesLoadedBy(path.join(REPO_ROOT, "scripts/cluster.ts"))).toContain(CLIENT);
  });

  for (const entry of ["scripts/synth.ts", "scripts/validate.ts"]) {
    it.runIf(existsSync(path.join(REPO_ROOT, entry)))(`${entry} never loads ${CLIENT}`, () => {
      const loaded = packagesLoadedBy(path.join(REPO_ROOT, entry));
      expect(loaded.size).toBeGreaterThan(0);
      expect(loaded).not.toContain(CLIENT);
    });
  }
});
