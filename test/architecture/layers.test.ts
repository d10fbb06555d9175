/**
 * Data flows environments -> charts -> manifests -> policies -> files and pull
 * requests, and imports follow it: this reads every module's imports (as Bun
 * resolves them at run time) and fails on one that points against the flow.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/repo";

const transpiler = new Bun.Transpiler({ loader: "ts" });
const FOUNDATION = "environments/source";

/** Which project folders each layer may import (its own folder always). */
const ALLOWED: Record<string, string[]> = {
  [FOUNDATION]: [],
  environments: [FOUNDATION],
  charts: ["environments", FOUNDATION],
  policies: ["environments", FOUNDATION],
  scripts: ["environments", FOUNDATION, "charts", "policies"],
};

function layerOf(file: string): string | undefined {
  const rel = relative(REPO_ROOT, file);
  if (rel.startsWith(`${FOUNDATION}/`)) return FOUNDATION;
  const top = rel.split("/")[0]!;
  return top in ALLOWED ? top : undefined;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "imports" ? [] : sources(path);
    return /\.ts$/.test(e.name) ? [path] : [];
  });
}

/** Every import of a project module that crosses into a layer it may not use. */
function violations(): string[] {
  const found: string[] = [];
  for (const layer of ["environments", "charts", "policies", "scripts"]) {
    for (const file of sources(join(REPO_ROOT, layer))) {
      const from = layerOf(file)!;
      for (const { path: specifier } of transpiler.scanImports(readFileSync(file, "utf8"))) {
        if (!specifier.startsWith(".")) continue;
        const to = layerOf(resolve(dirname(file), specifier));
        if (to && to !== from && !ALLOWED[from]!.includes(to)) found.push(`${relative(REPO_ROOT, file)} (${from}) imports ${specifier} (${to})`);
      }
    }
  }
  return found.sort();
}

describe("layers", () => {
  it("no module imports against the flow environments -> charts -> policies -> scripts", () => {
    expect(violations()).toEqual([]);
  });

  it("the scan sees imports (scripts import every layer, charts import environments)", () => {
    const scripts = sources(join(REPO_ROOT, "scripts")).flatMap((f) => transpiler.scanImports(readFileSync(f, "utf8")).map((i) => resolve(dirname(f), i.path)));
    for (const layer of ["charts", "policies", "environments", FOUNDATION]) {
      expect(scripts.some((target) => layerOf(target) === layer)).toBe(true);
    }
  });

  it("would catch a chart importing the command folder", () => {
    const probe = transpiler.scanImports('import { x } from "../scripts/lib/cli";').map((i) => layerOf(resolve(REPO_ROOT, "charts", i.path)));
    expect(probe).toEqual(["scripts"]);
    expect(ALLOWED.charts).not.toContain("scripts");
  });
});
