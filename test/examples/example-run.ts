/**
 * Runs an example as a user would: a scratch repository root holding the
 * example's environments/ and the project's policies/ (with the example's
 * waivers.yaml as its waiver file), `synth` into that root's generated/ (never
 * the project's), `validate` over what was written, and the manifests read
 * back for the fact checks.
 */
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { REPO_ROOT, runCommand, type RunResult } from "../helpers/repo";

export const EXAMPLES_DIR = join(REPO_ROOT, "examples");

/** The example folders: each holds environments/ and, where the guide needs them, waivers.yaml. */
export function exampleNames(): string[] {
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export interface ExampleRun {
  root: string;
  synth: RunResult;
  validate: RunResult;
  /** `Kind/namespace/name` (or `Kind/name`) per environment folder: `production` or `argocd`. */
  manifests: Map<string, Map<string, Manifest>>;
}

export function manifestKey(m: Manifest): string {
  return m.metadata.namespace ? `${m.kind}/${m.metadata.namespace}/${m.metadata.name}` : `${m.kind}/${m.metadata.name}`;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".yaml"))
    .sort()
    .map((path) => join(dir, path));
}

export function runExample(name: string): ExampleRun {
  const example = join(EXAMPLES_DIR, name);
  const root = mkdtempSync(join(tmpdir(), `gitops-forge-example-${name}-`));
  cpSync(join(example, "environments"), join(root, "environments"), { recursive: true });
  // The project's policies and config (production enforces every error); validate reads each environment's tier and settings beside them.
  cpSync(join(REPO_ROOT, "policies"), join(root, "policies"), { recursive: true });
  const waivers = join(example, "waivers.yaml");
  if (existsSync(waivers)) copyFileSync(waivers, join(root, "policies", "waivers.yaml"));
  else rmSync(join(root, "policies", "waivers.yaml"), { force: true });
  const synth = runCommand("synth", ["--root", root, "--no-validate"], { cwd: root });
  const generated = join(root, "generated");
  const folders = existsSync(generated) ? readdirSync(generated).filter((f) => f !== "alert-tests") : [];
  const validate = runCommand("validate", [...folders.map((f) => join(generated, f)), "--root", root, "--format", "json"], { cwd: root });
  const manifests = new Map<string, Map<string, Manifest>>();
  for (const folder of folders) {
    const byKey = new Map<string, Manifest>();
    for (const file of yamlFiles(join(generated, folder))) {
      for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
        const manifest = doc.toJS() as Manifest | null;
        if (manifest?.kind) byKey.set(manifestKey(manifest), manifest);
      }
    }
    manifests.set(folder, byKey);
  }
  return { root, synth, validate, manifests };
}

/** Container port names of the Deployment a manifest belongs to (same namespace, same `app.kubernetes.io/name`). */
export function namedPortsFor(manifest: Manifest, all: Map<string, Manifest>): Map<string, number> {
  const ports = new Map<string, number>();
  const service = manifest.metadata.labels?.["app.kubernetes.io/name"] ?? manifest.metadata.name;
  const deployment = all.get(`Deployment/${manifest.metadata.namespace}/${service}`) as
    | { spec: { template: { spec: { containers: Array<{ ports?: Array<{ name?: string; containerPort: number }> }> } } } }
    | undefined;
  for (const container of deployment?.spec.template.spec.containers ?? []) {
    for (const port of container.ports ?? []) if (port.name) ports.set(port.name, port.containerPort);
  }
  return ports;
}
