import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { bundledValidator } from "./bundled-validator";
import { UserError } from "../../environments/source/errors";
import { parseYamlMapping } from "../../environments/source/yaml-source";
import policySchema from "../policy.schema.json";
import { RULES } from "./rules";
import { DEFAULT_CONFIG } from "./config";
import { schemaUserError } from "./schema-errors";
import { policyParameters } from "./severity";
import { compileCheckSchema } from "./schema-check";
import type { Policy } from "./types";
import { readSourceFile } from "../../environments/source/read-source";

/** Files in policies/ that are not policies. */
const NOT_POLICIES = new Set(["config.yaml", "waivers.yaml"]);

const validatePolicyFile = bundledValidator("policy-file", policySchema, { allErrors: true });

/** Loads every `policies/*.yaml` policy; an invalid file is rejected with its file, line and field. */
/** Whether a folder holds policy files (not only the config and waivers). */
export function hasPolicyFiles(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((name) => name.endsWith(".yaml") && !NOT_POLICIES.has(name));
}

export function loadPolicies(policiesDir: string): Policy[] {
  let names: string[];
  try {
    names = readdirSync(policiesDir).filter((name) => name.endsWith(".yaml") && !NOT_POLICIES.has(name));
  } catch {
    throw new UserError(`cannot read the policy directory ${policiesDir}`);
  }
  const policies = names.sort().map((name) => loadPolicy(join(policiesDir, name)));
  const seen = new Map<string, string>();
  for (const policy of policies) {
    const other = seen.get(policy.id);
    if (other) throw new UserError(`policy id "${policy.id}" is also defined in ${other}`, { file: policy.file, line: 1, path: "id" });
    seen.set(policy.id, policy.file);
  }
  return policies;
}

function loadPolicy(file: string): Policy {
  const doc = parseYamlMapping(file, readSourceFile(file));
  if (!validatePolicyFile(doc.value)) throw schemaUserError(doc, validatePolicyFile.errors ?? [], "policy");
  const raw = doc.value as Omit<Policy, "file" | "parameters"> & { parameters?: Policy["parameters"] };
  const policy: Policy = { ...raw, parameters: raw.parameters ?? {}, file };
  if (basename(file, ".yaml") !== policy.id) {
    throw new UserError(`policy id "${policy.id}" must match the file name`, { file, ...doc.locate(["id"]), path: "id" });
  }
  if (policy.rule !== undefined && !RULES.has(policy.rule)) {
    throw new UserError(`unknown rule "${policy.rule}" (known: ${[...RULES.keys()].sort().join(", ")})`, { file, ...doc.locate(["rule"]), path: "rule" });
  }
  if (policy.check) {
    try {
      compileCheckSchema(policy, policyParameters(policy, DEFAULT_CONFIG));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new UserError(`check.schema does not compile: ${message}`, { file, ...doc.locate(["check", "schema"]), path: "check.schema" });
    }
  }
  return policy;
}
