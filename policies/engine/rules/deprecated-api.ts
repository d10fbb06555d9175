import { ApiVersionKindMemo } from "../kind-memo";
import { isObj } from "../resources";
import type { ResourceRule, RuleContext } from "../rule";

/** A `major.minor` version as one comparable number (1.18 → 1018); undefined when empty. */
function minorVersion(name: string, value: unknown): number | undefined {
  // Unquoted, YAML reads 1.20 as the number 1.2: only a string keeps the version as written.
  if (typeof value !== "string") throw new Error(`${name} must be a quoted Kubernetes version such as '1.34' (got ${JSON.stringify(value)})`);
  if (value === "") return undefined;
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(value);
  if (!match) throw new Error(`${name} must be a Kubernetes version such as '1.34' (got "${value}")`);
  return Number(match[1]) * 1000 + Number(match[2]);
}

function mappingParam(ctx: RuleContext, name: string): Map<string, unknown> {
  const value = ctx.params[name];
  if (!isObj(value)) throw new Error(`parameter ${name} must be a mapping`);
  return new Map(Object.entries(value));
}

/**
 * Parameter `replacements`: `"<apiVersion>/<Kind>"` or `"<apiVersion>"` → the
 * API version to use instead. With a `kubernetesVersion`, an API is reported
 * only once its replacement is served there (`availableSince`, kube-score's
 * reading): a cluster that cannot serve the replacement needs the old API.
 */
export const deprecatedApi: ResourceRule = {
  perResource: (ctx) => {
    const replacementOf = mappingParam(ctx, "replacements");
    const availableSince = new Map([...mappingParam(ctx, "availableSince")].map(([api, since]) => [api, minorVersion(`availableSince of ${api}`, since)]));
    const target = minorVersion("kubernetesVersion", ctx.params.kubernetesVersion);
    const servedByTarget = (use: string, kind: string): boolean => {
      const since = availableSince.get(`${use}/${kind}`) ?? availableSince.get(use);
      return target === undefined || since === undefined || since <= target;
    };
    // Looked up once per apiVersion and kind, not per object.
    const memo = new ApiVersionKindMemo<string | undefined>();
    const find = (apiVersion: string, kind: string) => {
      const use = replacementOf.get(`${apiVersion}/${kind}`) ?? replacementOf.get(apiVersion);
      return typeof use === "string" && servedByTarget(use, kind) ? use : undefined;
    };
    return (r) => {
      const use = memo.get(r.ref.apiVersion, r.ref.kind, find);
      if (use === undefined) return;
      ctx.report(r, ["apiVersion"], `${r.ref.kind} uses deprecated API ${r.ref.apiVersion}; use ${use}`);
    };
  },
};
