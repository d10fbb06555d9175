import type Ajv from "ajv";
import type { Options, ValidateFunction } from "ajv";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { threadId } from "node:worker_threads";
import { join, resolve } from "node:path";

/** Compiled validators, reused across runs: compiling costs more than most runs spend validating. */
const CACHE_DIR = resolve(import.meta.dirname, "../../node_modules/.cache/gitops-forge");
const require = createRequire(import.meta.url);

export interface ValidatorRecipe {
  /** Starts the cache file's name: `<name>-<key>.cjs`. */
  name: string;
  schema: object;
  options: Options;
  /**
   * Adds keywords to a fresh ajv (code-generating ones, which standalone code
   * can hold). Its source is part of the cache key, so a changed keyword is
   * never served from an old entry.
   */
  extend?: (ajv: Ajv) => void;
}

let ajvVersion: string | undefined;

/**
 * An ajv validator for `recipe`, loaded from ajv's standalone code cached
 * under node_modules/.cache (keyed by the schema, the options, the keywords,
 * ajv's version and the cache's place, since keyword code may require modules
 * by path), or compiled and cached now; ajv itself is loaded only
 * to compile. A damaged entry is compiled again; without a writable cache the
 * validator is simply compiled in memory. Compile errors (an invalid schema)
 * are thrown as ajv throws them.
 */
export function cachedValidator(recipe: ValidatorRecipe): ValidateFunction {
  ajvVersion ??= (require("ajv/package.json") as { version: string }).version;
  const key = createHash("sha256")
    .update(JSON.stringify([recipe.schema, recipe.options, ajvVersion, recipe.extend?.toString() ?? "", CACHE_DIR]))
    .digest("hex")
    .slice(0, 16);
  const file = join(CACHE_DIR, `${recipe.name}-${key}.cjs`);
  if (existsSync(file)) {
    try {
      return require(file) as ValidateFunction;
    } catch {
      // A damaged cache entry is rebuilt below.
    }
  }
  const { default: AjvClass } = require("ajv") as typeof import("ajv");
  const { default: standaloneCode } = require("ajv/dist/standalone") as typeof import("ajv/dist/standalone");
  const ajv = new AjvClass({ ...recipe.options, code: { ...recipe.options.code, source: true } });
  recipe.extend?.(ajv);
  const validate = ajv.compile(recipe.schema);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}-${threadId}.tmp`;
    writeFileSync(partial, standaloneCode(ajv, validate));
    renameSync(partial, file);
  } catch {
    // A read-only install still validates; it compiles each run.
  }
  return validate;
}
