import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../environments/source/errors";
import { parseYamlDocuments } from "../../environments/source/yaml-source";
import { isRecord, type GeneratedObject, type KubeObject } from "./objects";

/**
 * Reads every `*.yaml` under `generated/<env>/` (the files Argo CD syncs), or
 * under `generated/argocd/<env>/` (the environment's Argo CD objects), in
 * sorted path order so reports come out in the same order every run.
 */
export async function loadGeneratedObjects(root: string, env: string, argocd = false): Promise<GeneratedObject[]> {
  const dir = argocd ? path.join(root, "generated", "argocd", env) : path.join(root, "generated", env);
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) {
    throw new UserError(`no generated manifests for environment "${env}": ${path.relative(root, dir)}/ does not exist (run synth first)`);
  }
  const files = (await listYamlFiles(dir)).sort();
  const out: GeneratedObject[] = [];
  for (const abs of files) {
    const file = path.relative(root, abs);
    for (const doc of parseYamlDocuments(file, await readFile(abs, "utf8"))) {
      out.push({ file, object: asKubeObject(doc.value, file, doc.locate) });
    }
  }
  return out;
}

async function listYamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".yaml")).map((e) => path.join(e.parentPath, e.name));
}

function asKubeObject(value: unknown, file: string, locate: (p: string[]) => { line: number; column: number }): KubeObject {
  const fail = (field: string, what: string): never => {
    throw new UserError(what, { file, ...locate(field.split(".")), path: field });
  };
  if (!isRecord(value)) throw new UserError("expected a Kubernetes object (a mapping)", { file, line: 1, column: 1 });
  if (typeof value.apiVersion !== "string" || value.apiVersion === "") fail("apiVersion", "apiVersion must be a non-empty string");
  if (typeof value.kind !== "string" || value.kind === "") fail("kind", "kind must be a non-empty string");
  const metadata = value.metadata;
  if (!isRecord(metadata)) return fail("metadata", "metadata must be a mapping");
  if (typeof metadata.name !== "string" || metadata.name === "") fail("metadata.name", "metadata.name must be a non-empty string");
  if (metadata.namespace !== undefined && typeof metadata.namespace !== "string") fail("metadata.namespace", "metadata.namespace must be a string");
  return value as KubeObject;
}
