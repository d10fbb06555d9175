import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseManifests, collectFiles, validateManifests, type ManifestInput, type Report, type Finding } from "../../policies/engine";
import type { ValidateOptions } from "../../policies/engine/run";
import { formatPath } from "../../policies/engine/locate";
import { refString } from "../../policies/engine/resources";
import { UserError } from "../../environments/source/errors";

export const ROOT = resolve(import.meta.dirname, "../..");
export const FIXTURES = join(ROOT, "test/validate/fixtures");
export const BASELINE_DIR = join(FIXTURES, "generated");
/** Fixed clock so waiver expiry is deterministic. */
export const NOW = new Date("2026-11-23T12:00:00Z");

/** Manifests of a directory, with paths relative to the repo root as the CLI would print them. */
export function loadDir(dir: string): ManifestInput[] {
  return collectFiles([dir]).flatMap((file) => parseManifests(relative(ROOT, file), readFileSync(file, "utf8")));
}

export function baseline(): ManifestInput[] {
  return loadDir(BASELINE_DIR);
}

export async function run(inputs: ManifestInput[], options: Partial<ValidateOptions> = {}): Promise<Report> {
  return validateManifests(inputs, { root: ROOT, now: NOW, ...options });
}

/** What a test compares: who, where, what. */
export function summary(f: Finding): { policy: string; severity: string; resource: string; path: string; message: string } {
  return { policy: f.policy, severity: f.severity, resource: refString(f.resource), path: formatPath(f.path), message: f.message };
}

export interface Patch {
  target?: string;
  set?: string;
  value?: unknown;
  unset?: string;
  drop?: string;
}

export interface Variant {
  add?: Array<Record<string, unknown>>;
  patch?: Patch[];
}

function keyOf(input: ManifestInput): string {
  const meta = input.object.metadata as { name?: string } | undefined;
  return `${String(input.object.kind)}/${meta?.name ?? ""}`;
}

function pointer(p: string): string[] {
  return p.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Applies a case's mutations to a deep copy of the inputs (JSON-pointer set/unset, drop, add). */
export function applyVariant(inputs: ManifestInput[], variant: Variant | undefined, label: string): ManifestInput[] {
  let out = inputs.map((i) => ({ ...i, object: structuredClone(i.object) }));
  for (const patch of variant?.patch ?? []) {
    if (patch.drop) {
      const before = out.length;
      out = out.filter((i) => keyOf(i) !== patch.drop);
      if (out.length === before) throw new Error(`${label}: nothing to drop at ${patch.drop}`);
      continue;
    }
    const target = out.find((i) => keyOf(i) === patch.target);
    if (!target) throw new Error(`${label}: no object ${patch.target}`);
    delete target.text; // positions of a mutated object are not the file's
    const path = pointer(patch.set ?? patch.unset ?? "");
    let node = target.object as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      if (node[key] === undefined) node[key] = /^\d+$/.test(key) ? [] : {};
      node = node[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (patch.set !== undefined) node[last] = structuredClone(patch.value);
    else if (Array.isArray(node)) node.splice(Number(last), 1);
    else {
      if (!(last in node)) throw new Error(`${label}: nothing to unset at ${patch.unset}`);
      delete node[last];
    }
  }
  (variant?.add ?? []).forEach((object, i) => out.push({ file: `cases/${label}.yaml`, index: i, object: structuredClone(object) }));
  return out;
}

/** The UserError an action throws (sync or async); anything else fails the test. */
export async function userErrorOf(action: () => unknown): Promise<UserError> {
  try {
    await action();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error("expected a UserError");
}
