/** KEDA ScaledObjects: never beside an HPA, bounds in order, scale to zero only outside production. */
import { UserError, UserErrors } from "./source/errors";
import type { EnvironmentConfig } from "./schema";
import type { SourceChain } from "./load-environment";

export function checkEventAutoscaling(config: EnvironmentConfig, chain: SourceChain): void {
  const errors: UserError[] = [];
  for (const [name, svc] of Object.entries(config.services)) {
    const keda = svc.keda;
    if (!keda) continue;
    const report = (path: Array<string | number>, message: string) => {
      const full = ["services", name, "keda", ...path];
      errors.push(new UserError(message, { ...chain.locate(full), path: full.join(".") }));
    };
    if (svc.autoscaling) report([], "a ScaledObject and an HPA would fight over the replicas (KEDA runs its own HPA): keep keda or autoscaling, not both");
    if (keda.minReplicaCount > keda.maxReplicaCount) report(["minReplicaCount"], `must be <= maxReplicaCount (${keda.maxReplicaCount})`);
    if (keda.minReplicaCount === 0 && config.tier === "production") {
      report(["minReplicaCount"], "production services do not scale to zero: the first request after idle waits for a cold start (a model load)");
    }
  }
  UserErrors.throwIfAny(errors);
}
