import { bundledValidator } from "./bundled-validator";
import { UserError } from "../../environments/source/errors";
import { readSourceFile } from "../../environments/source/read-source";
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
const validateWaiverFile = bundledValidator("waivers", waiverFileSchema, { allErrors: true });

/** Loads waivers; entries missing reason, owner or expiry, or naming an unknown policy, are rejected. */
export function loadWaivers(file: string | undefined, policyIds: Set<string>): Waiver[] {
  if (!file) return [];
  const doc = parseYamlMapping(file, readSourceFile(file));
  if (!validateWaiverFile(doc.value)) throw schemaUserError(doc, validateWaiverFile.errors ?? [], "waiver");
  const entries = (doc.value as { waivers: Array<Omit<Waiver, "file" | "line">> }).waivers;
  return entries.map((entry, i) => {
    if (!policyIds.has(entry.policy)) throw unknownPolicy(doc, ["waivers", i, "policy"], entry.policy);
    if (!isCalendarDate(entry.expires)) {
      throw new UserError(`invalid waiver: expires "${entry.expires}" is not a date of the calendar`, { file, ...doc.locate(["waivers", i, "expires"]), path: `waivers.${i}.expires` });
    }
    return { ...entry, file, line: doc.locate(["waivers", i]).line };
  });
}

/** `YYYY-MM-DD` naming a day that exists: Date would roll 2099-02-30 over to March 2. */
function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** A waiver holds through its expiry date (UTC) and lapses the day after. */
export function isExpired(waiver: Waiver, now: Date): boolean {
  return now.getTime() >= Date.parse(`${waiver.expires}T00:00:00Z`) + 86_400_000;
}

/**
 * `*` (any run of characters) and `?` (one character) matched in time
 * proportional to pattern times value, never by backtracking: a pattern such
 * as `*a*a*a*a*b` costs no more than any other. On a mismatch after a star,
 * only the latest star is retried one character further: earlier stars never
 * need to move, since the latest one can absorb whatever they would.
 */
export function globMatch(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  const text = value ?? "";
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

export function targetMatches(target: WaiverTarget, subject: { environment?: string; namespace?: string; kind: string; name: string }): boolean {
  return (
    globMatch(target.environment, subject.environment) &&
    globMatch(target.namespace, subject.namespace) &&
    globMatch(target.kind, subject.kind) &&
    globMatch(target.name, subject.name)
  );
}
