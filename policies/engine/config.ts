import { dirname, resolve } from "node:path";
import { bundledValidator } from "./bundled-validator";
import { UserError } from "../../environments/source/errors";
import { parseYamlMapping, type SourceDocument } from "../../environments/source/yaml-source";
import configSchema from "../config.schema.json";
import { schemaUserError } from "./schema-errors";
import type { Policy, SeverityOrOff } from "./types";
import { readSourceFile } from "../../environments/source/read-source";

type EnforcementMode = "enforce" | "warn";

interface PolicyOverride {
  enabled?: boolean;
  severity?: SeverityOrOff;
  parameters?: Record<string, unknown>;
  environments?: Record<string, SeverityOrOff>;
}

export interface PolicyConfig {
  file?: string;
  allowAnnotationExemptions: boolean;
  environments: Record<string, EnforcementMode>;
  only?: string[];
  crdDirs: string[];
  policies: Record<string, PolicyOverride>;
  /** The tier of an environment, when settings are keyed by tier (`tier:production`); see withTiers. */
  tierOf?: (environment: string) => string | undefined;
}

const validateConfig = bundledValidator("policy-config", configSchema, { allErrors: true });

/** Without a config file: enforce everywhere, no annotation exemptions. */
export const DEFAULT_CONFIG: PolicyConfig = { allowAnnotationExemptions: false, environments: { "*": "enforce" }, crdDirs: [], policies: {} };

/** Loads the central config; unknown policy ids and parameters are rejected with file and line. */
export function loadConfig(file: string | undefined, policies: Policy[]): PolicyConfig {
  if (!file) return DEFAULT_CONFIG;
  const doc = parseYamlMapping(file, readSourceFile(file));
  if (!validateConfig(doc.value)) throw schemaUserError(doc, validateConfig.errors ?? [], "policy config");
  const raw = doc.value as Partial<Omit<PolicyConfig, "crdDirs">> & { crds?: string[] };
  const byId = new Map(policies.map((p) => [p.id, p]));
  for (const [id, override] of Object.entries(raw.policies ?? {})) {
    const policy = byId.get(id);
    if (!policy) throw unknownPolicy(doc, ["policies", id], id);
    for (const name of Object.keys(override.parameters ?? {})) {
      if (!Object.hasOwn(policy.parameters, name)) {
        const known = Object.keys(policy.parameters).join(", ") || "none";
        throw new UserError(`policy ${id} has no parameter "${name}" (known: ${known})`, {
          file,
          ...doc.locate(["policies", id, "parameters", name]),
          path: `policies.${id}.parameters.${name}`,
        });
      }
    }
  }
  (raw.only ?? []).forEach((id, i) => {
    if (!byId.has(id)) throw unknownPolicy(doc, ["only", i], id);
  });
  return {
    file,
    allowAnnotationExemptions: raw.allowAnnotationExemptions ?? false,
    environments: { "*": "enforce", ...(raw.environments ?? {}) },
    ...(raw.only ? { only: raw.only } : {}),
    crdDirs: (raw.crds ?? []).map((dir) => resolve(dirname(file), dir)),
    policies: raw.policies ?? {},
  };
}

export function unknownPolicy(doc: SourceDocument, path: Array<string | number>, id: string): UserError {
  return new UserError(`unknown policy id "${id}"`, { file: doc.file, ...doc.locate(path), path: path.join(".") });
}
