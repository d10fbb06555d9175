import { existsSync, readFileSync } from "node:fs";
import Ajv from "ajv";
import { UserError } from "../../environments/source/errors";
import { parseYamlMapping } from "../../environments/source/yaml-source";
import { unknownPolicy } from "./config";
import { schemaUserError } from "./schema-errors";
import type { Waiver, WaiverTarget } from "./types";

/** The waivers file (policies/waivers.yaml); exported for editors by `gitops-forge schema`. */
export const waiverFileSchema = {
  type: "object",
  additionalProperties: false,
  required: ["waivers"],
  properties: {
    waivers: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["policy", "target", "reason", "owner", "expires"],
        properties: {
          policy: { type: "string", minLength: 1 },
          target: {
            type: "object",
            additionalProperties: false,
            minProperties: 1,
            properties: {
              environment: { type: "string", minLength: 1 },
              namespace: { type: "string", minLength: 1 },
              kind: { type: "string", minLength: 1 },
              name: { type: "string", minLength: 1 },
            },
          },
          reason: { type: "string", minLength: 10 },
          owner: { type: "string", minLength: 1 },
          expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
        },
      },
    },
  },
};
const validateWaiverFile = new Ajv({ allErrors: true, strict: false }).compile(waiverFileSchema);

/** Loads waivers; entries missing reason, owner or expiry, or naming an unknown policy, are rejected. */
export function loadWaivers(file: string | undefined, policyIds: Set<string>): Waiver[] {
  if (!file || !existsSync(file)) return [];
  const doc = parseYamlMapping(file, readFileSync(file, "utf8"));
  if (!validateWaiverFile(doc.value)) throw schemaUserError(doc, validateWaiverFile.errors ?? [], "waiver");
  const entries = (doc.value as { waivers: Array<Omit<Waiver, "file" | "line">> }).waivers;
  return entries.map((entry, i) => {
    if (!policyIds.has(entry.policy)) throw unknownPolicy(doc, ["waivers", i, "policy"], entry.policy);
    if (Number.isNaN(Date.parse(`${entry.expires}T00:00:00Z`))) {
      throw new UserError(`invalid waiver: expires is not a date`, { file, ...doc.locate(["waivers", i, "expires"]), path: `waivers.${i}.expires` });
    }
    return { ...entry, file, line: doc.locate(["waivers", i]).line };
  });
}

/** A waiver holds through its expiry date (UTC) and lapses the day after. */
export function isExpired(waiver: Waiver, now: Date): boolean {
  return now.getTime() >= Date.parse(`${waiver.expires}T00:00:00Z`) + 86_400_000;
}

const globCache = new Map<string, RegExp>();
function globMatch(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`);
    globCache.set(pattern, re);
  }
  return re.test(value ?? "");
}

export function targetMatches(target: WaiverTarget, subject: { environment?: string; namespace?: string; kind: string; name: string }): boolean {
  return (
    globMatch(target.environment, subject.environment) &&
    globMatch(target.namespace, subject.namespace) &&
    globMatch(target.kind, subject.kind) &&
    globMatch(target.name, subject.name)
  );
}
