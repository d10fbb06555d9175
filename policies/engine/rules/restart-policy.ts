import { get } from "../resources";
import { stringListParam, type ResourceRule } from "../rule";

const JOB_KINDS = new Set(["Job", "CronJob"]);

/**
 * Jobs must say how failed pods restart (OnFailure or Never; Kubernetes
 * rejects Always), long-running pods keep the default Always unless the
 * parameters allow more (kube-linter also accepts OnFailure everywhere).
 */
export const restartPolicy: ResourceRule = {
  perResource: (ctx) => {
    const forJobs = stringListParam(ctx, "jobPolicies");
    const forPods = stringListParam(ctx, "podPolicies");
    return (r) => {
      if (!r.podSpec || !r.podSpecPath) return;
      const value = get(r.podSpec, ["restartPolicy"]);
      const isJob = JOB_KINDS.has(r.ref.kind);
      const allowed = isJob ? forJobs : forPods;
      if (value === undefined ? !isJob : typeof value === "string" && allowed.includes(value)) return;
      ctx.report(r, [...r.podSpecPath, "restartPolicy"], `${r.ref.kind} ${r.ref.name}: restartPolicy ${value === undefined ? "is unset" : String(value)}; use one of ${allowed.join(", ")}`);
    };
  },
};
