import { readdirSync, existsSync, lstatSync } from "node:fs";
import { join, relative } from "node:path";
import { UserError, UserErrors, collectUserError } from "./source/errors";
import { fileProblem, readSourceFile } from "./source/read-source";
import { parseYamlMapping, type SourceDocument, type FieldPath } from "./source/yaml-source";
import { DNS_LABEL, EnvironmentSchema, MAX_LABEL_VALUE, type EnvironmentConfig, type ResolvedEnvironment, type ResolvedService, type ServiceConfig } from "./schema";
import { validateEnvironmentShape, type ShapeCheck } from "./_schema-validator";
import { checkEnvironmentReferences } from "./_references";
import { deepMerge } from "./_merge";
import { readExtraManifests } from "./_extra-manifests";
import { checkCustomMetadata } from "./_custom-metadata";
import { checkEventAutoscaling } from "./_event-autoscaling";
import { checkRollouts } from "./_rollout";
import { checkDeliveries } from "./_delivery";
import { checkStatefulSets, checkStorageQuotas } from "./_stateful";

export const ENVIRONMENTS_DIR = "environments";
/** Environment files are a few hundred bytes per service; anything near this is a mistake, refused before parsing. */
export const MAX_ENVIRONMENT_BYTES = 4 * 1024 * 1024;

/** A chain of files, the environment first and its furthest ancestor last. */
export interface SourceChain {
  docs: SourceDocument[];
  /** Where a field of the merged environment was written (child first), for error messages. */
  locate(path: FieldPath): { file: string; line: number; column: number };
}

/** Names of the environments to synthesize: every `environments/*.yaml` that is not `abstract`. */
export function listEnvironments(root: string): string[] {
  const { names, errors } = findEnvironments(root);
  UserErrors.throwIfAny(errors);
  return names;
}

/**
 * The environments to synthesize, and the mistakes of the files that cannot
 * be read as one (left out, so the others can still be checked in the same run).
 */
export function findEnvironments(root: string): { names: string[]; errors: UserError[] } {
  const dir = join(root, ENVIRONMENTS_DIR);
  if (!existsSync(dir)) throw new UserError(`no ${ENVIRONMENTS_DIR}/ folder in ${root}`);
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    throw new UserError(fileProblem(err), { file: ENVIRONMENTS_DIR });
  }
  const errors: UserError[] = [];
  // Only `.yaml` files are environments: a `.yml` one would be skipped without a word.
  for (const misnamed of entries.filter((f) => /\.ya?ml$/i.test(f) && !f.endsWith(".yaml"))) {
    errors.push(new UserError(`environment files end in .yaml: rename it to ${misnamed.replace(/\.ya?ml$/i, ".yaml")}`, { file: `${ENVIRONMENTS_DIR}/${misnamed}` }));
  }
  const names = entries.filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length));
  const concrete = names.filter((name) => {
    let concrete = false;
    collectUserError(errors, () => {
      concrete = (readSource(root, name).value as Record<string, unknown>).abstract !== true;
    });
    return concrete;
  });
  return { names: concrete, errors };
}

/** Folder names of generated/ that hold all environments' Argo CD objects and alert tests. */
const RESERVED_NAMES = ["argocd", "alert-tests"];

/**
 * A check a later layer adds to loading (the charts build alert rules once, for
 * example), so that every bad input stops the run before anything is built.
 * It throws UserError located through `chain` (UserErrors for several).
 */
export type EnvironmentCheck = (env: ResolvedEnvironment, chain: SourceChain) => void;
/** Such a check of one service: it judges nothing of the others. */
export type ServiceCheck = (env: ResolvedEnvironment, service: ResolvedService, chain: SourceChain) => void;

export interface EnvironmentChecks {
  /** Run on each service that resolved, even when others failed: each service's mistakes are reported. */
  services?: readonly ServiceCheck[];
  /** Run on the environment as a whole: only when every service resolved, since they judge them together. */
  environment?: readonly EnvironmentCheck[];
}

/**
 * Reads, merges, validates and resolves one environment. Throws UserError
 * (exit 2) on any bad input: UserErrors with every mistake found. A file that
 * cannot be read or parsed, or an `extends` chain that does not resolve, stops
 * at once (there is nothing to check); otherwise every check runs on the
 * fields that passed the schema (see ShapeCheck) and on every service that did.
 */
export function loadEnvironment(root: string, name: string, checks: EnvironmentChecks = {}): ResolvedEnvironment {
  // A name that is no DNS label is not even looked up (it could lead out of environments/).
  if (!new RegExp(DNS_LABEL).test(name)) {
    throw new UserError(`environment name "${name}" must be a DNS-1123 label (lowercase letters, digits, '-')`);
  }
  const errors: UserError[] = [];
  collectUserError(errors, () => checkEnvironmentName(name));
  const chain = readChainOrThrow(root, name, errors);
  // A private copy: validation fills defaults in place, and parsed files are shared.
  const config = structuredClone(mergeChain(chain)) as EnvironmentConfig;
  const shape = validateEnvironmentShape(config, chain);
  errors.push(...shape.errors);
  try {
    const env = checkEnvironment(root, name, chain, config, shape, checks, errors);
    UserErrors.throwIfAny(errors);
    return env;
  } catch (err) {
    // A check that stumbles on a value the schema refused (one that reads more than it says) adds nothing to the schema's errors.
    if (err instanceof UserError || shape.errors.length === 0) throw err;
    throw new UserErrors(errors);
  }
}

/** Every check beyond the schema, each mistake added to `errors`; each runs on the fields and services that passed the schema. */
function checkEnvironment(root: string, name: string, chain: SourceChain, config: EnvironmentConfig, shape: ShapeCheck, checks: EnvironmentChecks, errors: UserError[]): ResolvedEnvironment {
  const services = servicesThatPassed(config, shape);
  // The checks below read only the services that passed the schema; references name any service.
  const sound: EnvironmentConfig = { ...config, services: Object.fromEntries(services) };
  const serviceNames = new Set(isMapping(config.services) ? Object.keys(config.services) : []);
  const run = (fields: string[], check: () => void) => {
    if (fields.every((field) => shape.passed([field]))) collectUserError(errors, check);
  };
  run(["commonLabels", "commonAnnotations"], () => checkCustomMetadata(sound, chain));
  run(["tier"], () => checkEventAutoscaling(sound, chain));
  run([], () => checkRollouts(sound, chain));
  run(["argocd", "ingress", "monitoring"], () => checkDeliveries(sound, chain));
  run([], () => checkStatefulSets(sound, chain));
  const resolved = checkEnvironmentReferences(name, sound, chain, { passed: shape.passed, serviceNames, errors });
  let extraManifests: ResolvedEnvironment["extraManifests"] = [];
  // Inline manifests the schema refused are left out; the files are still read.
  const manifests = shape.passed(["manifests"]) ? config.manifests : [];
  run(["manifestFiles", "namespaces"], () => (extraManifests = readExtraManifests(root, ENVIRONMENTS_DIR, { ...config, manifests }, chain)));
  const env: ResolvedEnvironment = { ...resolved, extraManifests, locate: (path) => ({ ...chain.locate(path), path: path.join(".") }) };
  run(["namespaces"], () => checkStorageQuotas(env, chain));
  // The charts' checks read fields of the whole environment: they run when all of those passed.
  if (ENVIRONMENT_FIELDS.every((field) => field === "services" || shape.passed([field]))) {
    for (const service of env.services) for (const check of checks.services ?? []) collectUserError(errors, () => check(env, service, chain));
    if (shape.passed(["services"]) && env.services.length === serviceNames.size) for (const check of checks.environment ?? []) collectUserError(errors, () => check(env, chain));
  }
  return env;
}

/** The environment's own fields, as the schema names them. */
const ENVIRONMENT_FIELDS = Object.keys(EnvironmentSchema.properties);

/** A name that must fit every place it ends up besides: a label value, a folder of generated/. */
function checkEnvironmentName(name: string): void {
  if (name.length > MAX_LABEL_VALUE) {
    throw new UserError(`environment name "${name.slice(0, 20)}..." has ${name.length} characters; it is a label value, at most ${MAX_LABEL_VALUE}`, { file: `${ENVIRONMENTS_DIR}/${name}.yaml` });
  }
  if (RESERVED_NAMES.includes(name)) {
    throw new UserError(`"${name}" cannot name an environment: generated/${name}/ holds every environment's ${name === "argocd" ? "Argo CD objects" : "alert tests"}`, { file: `${ENVIRONMENTS_DIR}/${name}.yaml` });
  }
}

/** The environment's files, or every mistake found so far with the one that stops reading them (nothing else can be checked). */
function readChainOrThrow(root: string, name: string, errors: UserError[]): SourceChain {
  try {
    const chain = readChain(root, name);
    const own = chain.docs[0]!;
    if ((own.value as Record<string, unknown>).abstract === true) {
      throw new UserError(`environment "${name}" is abstract (shared defaults only) and cannot be synthesized`, { file: own.file, ...own.locate(["abstract"]), path: "abstract" });
    }
    return chain;
  } catch (err) {
    if (err instanceof UserError) UserErrors.throwIfAny([...errors, err]);
    throw err;
  }
}

/** The services that passed the schema, by name (none where `services` is not a mapping). */
function servicesThatPassed(config: EnvironmentConfig, shape: ShapeCheck): Array<[string, ServiceConfig]> {
  if (!isMapping(config.services)) return [];
  return Object.entries(config.services).filter(([name]) => shape.passed(["services", name]));
}

const isMapping = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Parsed files by path and text: environments share a parent, which is parsed once. */
const parsed = new Map<string, { text: string; doc: SourceDocument }>();

function readSource(root: string, name: string): SourceDocument {
  const file = relative(root, join(root, ENVIRONMENTS_DIR, `${name}.yaml`)) || `${name}.yaml`;
  const text = readSourceFile(join(root, file), file, MAX_ENVIRONMENT_BYTES);
  const key = join(root, file);
  const cached = parsed.get(key);
  if (cached?.text === text) return cached.doc;
  const doc = parseYamlMapping(file, text);
  parsed.set(key, { text, doc });
  return doc;
}

function readChain(root: string, name: string): SourceChain {
  const docs: SourceDocument[] = [];
  const seen: string[] = [];
  let current = name;
  for (;;) {
    seen.push(current);
    const doc = readSource(root, current);
    docs.push(doc);
    const parent = (doc.value as Record<string, unknown>).extends;
    if (parent === undefined) break;
    // Located only on error: finding a line may re-parse the file.
    const at = () => ({ file: doc.file, ...doc.locate(["extends"]), path: "extends" });
    if (typeof parent !== "string" || !new RegExp(DNS_LABEL).test(parent)) {
      throw new UserError("must name another environment file (without .yaml)", at());
    }
    if (seen.includes(parent)) throw new UserError(`cyclic extends: ${[...seen, parent].join(" -> ")}`, at());
    // A link that leads nowhere is read below, to say why.
    if (lstatSync(join(root, ENVIRONMENTS_DIR, `${parent}.yaml`), { throwIfNoEntry: false }) === undefined) {
      throw new UserError(`extends "${parent}", but ${ENVIRONMENTS_DIR}/${parent}.yaml does not exist`, at());
    }
    current = parent;
  }
  return { docs, locate: (path) => locateInChain(docs, path) };
}

/** Parent first, child last, so the child wins; `serviceDefaults` go under every service. */
function mergeChain(chain: SourceChain): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const doc of [...chain.docs].reverse()) merged = deepMerge(merged, doc.value as Record<string, unknown>);
  // Neither is inherited: they describe one file, not the environment.
  delete merged.extends;
  delete merged.abstract;
  const defaults = merged.serviceDefaults;
  const services = merged.services;
  if (defaults && typeof defaults === "object" && services && typeof services === "object" && !Array.isArray(services)) {
    const withDefaults: Record<string, unknown> = {};
    for (const [svc, value] of Object.entries(services as Record<string, unknown>)) {
      withDefaults[svc] = value && typeof value === "object" && !Array.isArray(value) ? deepMerge(defaults as Record<string, unknown>, value as Record<string, unknown>) : value;
    }
    merged.services = withDefaults;
  }
  return merged;
}

/**
 * The file and line where `path` was written: the nearest file in the chain
 * that holds the exact field (a service default counts for every service),
 * else the closest written ancestor in the environment's own file.
 */
function locateInChain(docs: SourceDocument[], path: FieldPath) {
  const candidates: FieldPath[] = [path];
  if (path[0] === "services" && path.length > 2) candidates.push(["serviceDefaults", ...path.slice(2)]);
  for (const candidate of candidates) {
    for (const doc of docs) {
      if (hasPath(doc.value, candidate)) return { file: doc.file, ...doc.locate(candidate) };
    }
  }
  for (let depth = path.length - 1; depth >= 0; depth--) {
    for (const doc of docs) {
      if (hasPath(doc.value, path.slice(0, depth))) return { file: doc.file, ...doc.locate(path.slice(0, depth)) };
    }
  }
  const first = docs[0]!;
  return { file: first.file, ...first.locate([]) };
}

function hasPath(value: unknown, path: FieldPath): boolean {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}
