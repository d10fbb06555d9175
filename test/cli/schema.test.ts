/**
 * The exported JSON Schemas (gitops-forge schema): what editors check
 * environment, policy, config and waiver files against.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { deepMerge } from "../../environments/_merge";
import { SCHEMA_PLACES, schemaFiles } from "../../scripts/schema";
import { BAD_ENVIRONMENTS, VALID_DEV } from "../helpers/bad-environments";
import { REPO_ROOT, runCommand } from "../helpers/repo";

const schemas = schemaFiles();
function compile(name: string): ValidateFunction {
  return new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(schemas.get(name)!));
}
const partial = compile("environment-partial.schema.json");
const complete = compile("environment.schema.json");

const yamlFiles = (dir: string) => readdirSync(join(REPO_ROOT, dir)).filter((f) => f.endsWith(".yaml")).map((f) => join(dir, f));
/** Every environment file shipped: the samples and the init template. */
const ENVIRONMENT_FILES = [...yamlFiles("environments"), ...yamlFiles("scripts/init/template/environments")];
const read = (path: string) => parse(readFileSync(join(REPO_ROOT, path), "utf8"));

/** Bad-input cases that break the format itself (the rest break references or cross-field rules the schema cannot see). */
const SCHEMA_ERRORS = [
  "an unknown key (with a suggestion)",
  "a wrong type",
  "an out-of-range value",
  "a service name that is not a DNS-1123 label",
  "a namespace name with upper case",
  "an error ratio outside 0..1",
  "a zero latency objective",
  "a negative latency objective",
  "a TTL in days (Velero reads Go durations)",
  "a probe port that is neither a number nor a port name",
  "a UID of 0",
  "a supplemental group of 0",
  "a volume medium other than Memory",
  "a spread neither required nor preferred",
  "a ConfigMap name Kubernetes refuses",
  "a component that is not a label value",
  "a PriorityClass name that is not a DNS label",
];
const NOT_SCHEMA_ERRORS = [
  "a GPU service naming an undefined pool",
  "a dependency on a missing service",
  "a PDB that would block every eviction",
  "too small a quota",
  "a probe with two handlers",
  "a Service port mapped to a container port that does not exist",
  "$(VAR) naming a variable not defined before it",
];

describe("exported JSON Schemas", () => {
  it("are committed beside the files they describe, as a fresh export writes them", () => {
    const r = runCommand("gitops-forge", ["schema", "--check"]);
    expect([r.code, r.stdout]).toEqual([0, "schemas are up to date (5 files)\n"]);
  });

  it.each(ENVIRONMENT_FILES)("accept %s as written (partial schema)", (path) => {
    expect(partial(read(path)) ? [] : partial.errors).toEqual([]);
  });

  it("accept each sample environment merged with its parent (complete schema), and reject a file alone that inherits", () => {
    const base = read("environments/base.yaml");
    for (const name of ["dev", "staging", "production"]) {
      const { extends: _parent, ...own } = read(`environments/${name}.yaml`);
      const { abstract: _abstract, ...inherited } = base;
      expect(complete(deepMerge(inherited, own)) ? [] : complete.errors).toEqual([]);
    }
    expect(complete(read("environments/dev.yaml"))).toBe(false);
    expect(complete.errors!.map((e) => e.params)).toContainEqual({ missingProperty: "platform" });
  });

  it("reject the format errors of the bad-input cases, and only those", () => {
    const verdict = (name: string) => {
      const text = BAD_ENVIRONMENTS.find((c) => c.name === name)!.text;
      return partial(parse(text)) ? "accepted" : "rejected";
    };
    expect(partial(parse(VALID_DEV))).toBe(true);
    expect(SCHEMA_ERRORS.map((name) => [name, verdict(name)])).toEqual(SCHEMA_ERRORS.map((name) => [name, "rejected"]));
    expect(NOT_SCHEMA_ERRORS.map((name) => [name, verdict(name)])).toEqual(NOT_SCHEMA_ERRORS.map((name) => [name, "accepted"]));
  });

  it("accept the policy, config and waiver files", () => {
    const policy = compile("policy.schema.json");
    const config = compile("policy-config.schema.json");
    const waivers = compile("waivers.schema.json");
    for (const path of yamlFiles("policies").filter((p) => !/config|waivers/.test(p))) expect([path, policy(read(path))]).toEqual([path, true]);
    for (const path of ["policies/config.yaml", ...yamlFiles("policies/profiles")]) expect([path, config(read(path))]).toEqual([path, true]);
    expect(waivers(read("policies/waivers.yaml"))).toBe(true);
    expect(waivers({ waivers: [{ policy: "image-tag", target: {}, reason: "short", owner: "", expires: "soon" }] })).toBe(false);
  });

  it("are what the environment files' modeline and the editor settings point to", () => {
    for (const path of ENVIRONMENT_FILES) {
      expect(readFileSync(join(REPO_ROOT, path), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./environment-partial.schema.json");
    }
    const settings = JSON.parse(readFileSync(join(REPO_ROOT, ".vscode/settings.json"), "utf8"))["yaml.schemas"];
    expect(settings["./environments/environment-partial.schema.json"]).toEqual(["environments/*.yaml"]);
    expect(Object.keys(settings).map((file) => file.slice(2)).sort()).toEqual(Object.values(SCHEMA_PLACES).filter((p) => !p.endsWith("/environment.schema.json")).sort());
  });
});
