import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../environments/schema";
import { environmentLabels } from "./labels";
import { NamespaceBaseline } from "./namespace-baseline";
import { ServingService } from "./serving/serving-service";
import { applySyncWaves } from "./sync-waves";

/** All manifests of one environment: namespace baselines and serving services. */
export class EnvironmentChart extends Chart {
  constructor(scope: Construct, env: ResolvedEnvironment) {
    // Names are the user's own: no cdk8s hash suffixes.
    super(scope, env.name, { disableResourceNameHashes: true, labels: environmentLabels(env) });
    for (const [namespace, settings] of Object.entries(env.namespaces)) {
      new NamespaceBaseline(this, `namespace-${namespace}`, { env, namespace, settings });
    }
    for (const svc of env.services) new ServingService(this, `service-${svc.name}`, env, svc);
    applySyncWaves(this);
  }
}
