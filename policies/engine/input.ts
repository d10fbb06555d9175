import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError, UserErrors, checkEach, collectUserError } from "../../environments/source/errors";
import { decodeUtf8, fileProblem, readSourceFile } from "../../environments/source/read-source";
import { checkNesting } from "../../environments/source/nesting";
import { parseYamlDocuments } from "../../environments/source/yaml-source";
import { parseBlockYaml } from "./fast-yaml";
import { isObj } from "./resources";
import type { ManifestInput } from "./types";

/** Kubernetes objects are at most ~1.5 MiB; a file far larger is a mistake, not a manifest set. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * promtool unit-test files (synth writes them to generated/alert-tests/) are
 * YAML but not Kubernetes objects; they are known by this suffix.
 */
export const PROMTOOL_TEST_SUFFIX = ".promtool-test.yaml";

/** YAML (or JSON) files under the given paths, sorted for a stable order. */
export function collectFiles(paths: string[]): string[] {
  const files: string[] = [];
  // Directory entries carry their type, so a tree of thousands of files costs no stat per file.
  const walkDir = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw new UserError(fileProblem(err), { file: dir });
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walkDir(path);
      else if (/\.(ya?ml|json)$/.test(entry.name) && !entry.name.endsWith(PROMTOOL_TEST_SUFFIX)) files.push(path);
    }
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch (err) {
      throw new UserError(fileProblem(err), { file: path });
    }
    if (stat.isDirectory()) walkDir(path);
    else files.push(path);
  }
  return files;
}

export function readManifestFile(file: string): ManifestInput[] {
  return parseManifests(file, readSourceFile(file, file, MAX_FILE_BYTES));
}

/** Standard input, read up to the limit: an endless stream (`/dev/zero`) is refused, not read until memory runs out. */
export async function readStandardInput(maxBytes = MAX_FILE_BYTES): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of Bun.stdin.stream()) {
    size += chunk.length;
    if (size > maxBytes) throw new UserError(`input is more than the ${maxBytes}-byte limit`, { file: "<stdin>" });
    chunks.push(chunk);
  }
  return decodeUtf8(Buffer.concat(chunks), "<stdin>");
}

/**
 * The block-YAML fast path, else the shared parser (which itself uses Bun's
 * parser when a scan shows no duplicate keys or aliases, and refuses
 * duplicate keys, alias bombs and prototype keys with their line).
 */
function parseDocuments(file: string, text: string): { docs: unknown[]; blockYaml: boolean } {
  const value = parseBlockYaml(text);
  if (value !== undefined) return { docs: value === null ? [] : [value], blockYaml: true };
  return { docs: parseYamlDocuments(file, text).map((d) => d.value), blockYaml: false };
}

/**
 * Parses manifest text into objects (several documents per file allowed). `List` kinds are expanded into their items.
 */
export function parseManifests(file: string, text: string): ManifestInput[] {
  if (text.length > MAX_FILE_BYTES) throw new UserError(`input is more than the ${MAX_FILE_BYTES}-byte limit`, { file });
  checkNesting(file, text);
  const { docs, blockYaml } = parseDocuments(file, text);
  const inputs: ManifestInput[] = [];
  // Each document is checked even after another failed.
  checkEach(docs.entries(), ([index, object]) => {
    const where = () => parseYamlDocuments(file, text)[index];
    if (!isObj(object)) throw new UserError(`document ${index + 1} is not a mapping (a Kubernetes object)`, { file, ...where()?.locate([]) });
    for (const field of ["apiVersion", "kind"] as const) {
      if (typeof object[field] !== "string" || object[field] === "") {
        throw new UserError(`document ${index + 1} has no ${field}`, { file, ...where()?.locate([]), path: field });
      }
    }
    if (String(object.kind).endsWith("List") && Array.isArray(object.items)) {
      object.items.forEach((item, i) => {
        if (!isObj(item) || typeof item.apiVersion !== "string" || typeof item.kind !== "string") {
          throw new UserError(`List item ${i} has no apiVersion or kind`, { file, ...where()?.locate(["items", i]), path: `items.${i}` });
        }
        inputs.push({ file, index, object: item, text, pathPrefix: ["items", i], ...(blockYaml ? { blockYaml } : {}) });
      });
    } else {
      inputs.push(blockYaml ? { file, index, object, text, blockYaml } : { file, index, object, text });
    }
  });
  return inputs;
}

/**
 * An object held in memory with the text written for it (one object per
 * file, as synth writes them): validated as `validate` would read that file,
 * without parsing the text again (it is only walked for the lines of findings).
 */
export function heldManifest(file: string, object: Record<string, unknown>, text: string): ManifestInput {
  return { file, index: 0, object, text, blockYaml: true };
}

/** Every manifest in the given files and directories (what `validate PATH...` reads). */
export function loadManifests(paths: string[]): ManifestInput[] {
  // Every file is read even after one failed, so each unreadable one is reported.
  const errors: UserError[] = [];
  const inputs = collectFiles(paths).flatMap((file) => {
    let read: ManifestInput[] = [];
    collectUserError(errors, () => (read = readManifestFile(file)));
    return read;
  });
  UserErrors.throwIfAny(errors);
  return inputs;
}
