/** Rollouts that can progress, and downward-API variables that do not shadow others. */
import { UserError, UserErrors } from "./source/errors";
import type { EnvironmentConfig } from "./schema";
import type { SourceChain } from "./load-environment";

const isZero = (v: number | string) => v === 0 || v === "0%";

export function checkRollouts(config: EnvironmentConfig, chain: SourceChain): void {
  const errors: UserError[] = [];
  for (const [name, svc] of Object.entries(config.services)) {
    const report = (path: Array<string | number>, message: string) => {
      const full = ["services", name, ...path];
      errors.push(new UserError(message, { ...chain.locate(full), path: full.join(".") }));
    };
    if (svc.rollingUpdate) {
      const defaults = svc.gpu ? { maxSurge: 0, maxUnavailable: 1 } : { maxSurge: "25%", maxUnavailable: 0 };
      const { maxSurge, maxUnavailable } = { ...defaults, ...svc.rollingUpdate };
      if (isZero(maxSurge) && isZero(maxUnavailable)) {
        report(["rollingUpdate"], `maxSurge and maxUnavailable are both 0${svc.gpu ? " (maxSurge defaults to 0 for GPU services)" : ""}: a rollout could never replace a pod (Kubernetes refuses it)`);
      }
    }
    const taken = new Set([...Object.keys(svc.env), ...svc.secrets.flatMap((s) => (s.env ? [s.env] : []))]);
    for (const variable of Object.keys(svc.downwardEnv)) {
      if (taken.has(variable)) report(["downwardEnv", variable], `environment variable "${variable}" is set twice`);
    }
  }
  UserErrors.throwIfAny(errors);
}
