import { describe, expect, it } from "vitest";
import { loadEnvironment, listEnvironments } from "../../environments/load-environment";
import { buildEnvironment, synthesizeEnvironment, type Manifest } from "../../scripts/lib/synth/pipeline";
import { REPO_ROOT } from "../helpers/repo";

type Obj = Manifest & { spec?: any; data?: any };

const environments = listEnvironments(REPO_ROOT).map((name) => {
  const env = loadEnvironment(REPO_ROOT, name);
  return { env, objects: buildEnvironment(env) as Obj[] };
});

const find = (objects: Obj[], kind: string, name: string, namespace?: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));

/** A service's workload: a StatefulSet for a service with `stateful`, else a Deployment. */
const workloadOf = (objects: Obj[], svc: { name: string; namespace: string; stateful?: unknown }) =>
  (svc.stateful ? find(objects, "StatefulSet", svc.name, svc.namespace) : find(objects, "Deployment", svc.name, svc.namespace) ?? find(objects, "Rollout", svc.name, svc.namespace))!;

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each(environments)("environment $env.name", ({ env, objects }) => {
  it("synthesizes the sample services", () => {
    // Dev also runs the MLflow tracking server, as a StatefulSet with its volume.
    expect(env.services.map((s) => s.name).sort()).toEqual(["churn-predictor", "embeddings", "llm-chat", ...(env.name === "dev" ? ["mlflow"] : []), "search"]);
  });

  describe.each(env.services)("service $name", (svc) => {
    // A stateful service runs as a StatefulSet, a canary or blue-green one as an Argo Rollout, the others as a Deployment.
    const deployment = workloadOf(objects, svc);
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];

    it("pins the image and sets requests and limits", () => {
      expect(container.image).toMatch(/:[^:@]+$|@sha256:/);
      expect(container.image).not.toMatch(/:latest$/);
      expect(container.resources.requests.cpu).toBeDefined();
      expect(container.resources.requests.memory).toBeDefined();
      expect(container.resources.limits.cpu).toBeDefined();
      expect(container.resources.limits.memory).toBeDefined();
    });

    it("tolerates and targets GPU nodes if and only if it requests GPUs", () => {
      const gpus = container.resources.limits["nvidia.com/gpu"];
      if (svc.gpu) {
        const pool = env.gpuPools[svc.gpu.pool]!;
        expect(gpus).toBe(svc.gpu.count);
        expect(container.resources.requests["nvidia.com/gpu"]).toBe(gpus);
        expect(pod.spec.tolerations).toContainEqual(expect.objectContaining({ key: pool.taint.key, effect: pool.taint.effect }));
        const terms = pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
        expect(terms[0].matchExpressions).toContainEqual({ key: pool.nodeLabel.key, operator: "In", values: [pool.nodeLabel.value] });
      } else {
        expect(gpus).toBeUndefined();
        expect(pod.spec.tolerations).toBeUndefined();
        expect(pod.spec.affinity).toBeUndefined();
      }
    });

    it("runs restricted: non-root, read-only root, no privilege escalation, no capabilities, RuntimeDefault seccomp", () => {
      expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
      expect(pod.spec.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.spec.securityContext.runAsGroup).toBeGreaterThan(0);
      expect(pod.spec.securityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
      const mounts = container.volumeMounts.map((m: any) => m.mountPath);
      expect(mounts).toContain("/tmp");
      if (svc.component === "model-serving") expect(mounts).toContain(svc.modelCache.path);
      // Writable places are scratch space, or the StatefulSet's own volumes.
      const claims = (deployment.spec.volumeClaimTemplates ?? []).map((t: any) => t.metadata.name);
      for (const mount of container.volumeMounts) {
        if (claims.includes(mount.name)) continue;
        expect(pod.spec.volumes.find((v: any) => v.name === mount.name).emptyDir).toBeDefined();
      }
    });

    it("has distinct startup, readiness and liveness probes on a declared port", () => {
      const declared = container.ports.map((p: any) => p.name);
      const probes = [container.startupProbe, container.readinessProbe, container.livenessProbe];
      for (const probe of probes) expect(declared).toContain((probe.httpGet ?? probe.tcpSocket).port);
      expect(new Set(probes.map((p) => JSON.stringify(p))).size).toBe(3);
      expect(container.readinessProbe.httpGet.path).not.toBe(container.livenessProbe.httpGet?.path);
    });

    it("uses its own ServiceAccount without an API token", () => {
      expect(pod.spec.serviceAccountName).toBe(svc.name);
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      expect(find(objects, "ServiceAccount", svc.name, svc.namespace)!.automountServiceAccountToken).toBe(false);
    });

    it("spreads across zones and hosts and shuts down gracefully", () => {
      const keys = pod.spec.topologySpreadConstraints.map((c: any) => c.topologyKey);
      expect(keys).toEqual(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
      for (const c of pod.spec.topologySpreadConstraints) expect(matches(c.labelSelector.matchLabels, pod.metadata.labels)).toBe(true);
      expect(container.lifecycle.preStop.exec.command).toEqual(["sleep", String(svc.shutdown.preStopSeconds)]);
      expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(svc.shutdown.preStopSeconds);
    });

    it("leaves replicas to the HPA, which targets this Deployment", () => {
      const hpa = find(objects, "HorizontalPodAutoscaler", svc.name, svc.namespace);
      if (svc.autoscaling) {
        expect(deployment.spec.replicas).toBeUndefined();
        expect(hpa!.apiVersion).toBe("autoscaling/v2");
        expect(hpa!.spec.scaleTargetRef).toEqual({ apiVersion: deployment.apiVersion, kind: deployment.kind, name: deployment.metadata.name });
        expect(hpa!.metadata.namespace).toBe(deployment.metadata.namespace);
        expect(hpa!.spec.minReplicas).toBe(svc.autoscaling.minReplicas);
        expect(hpa!.spec.behavior.scaleUp).toBeDefined();
        expect(hpa!.spec.behavior.scaleDown).toBeDefined();
        const gpuMetric = hpa!.spec.metrics.find((m: any) => m.pods?.metric.name === "DCGM_FI_DEV_GPU_UTIL");
        expect(Boolean(gpuMetric)).toBe(Boolean(svc.gpu && svc.autoscaling.gpuUtilization));
      } else if (svc.keda) {
        // KEDA runs the HPA; the ScaledObject names the Deployment and owns the replica count.
        expect(deployment.spec.replicas).toBeUndefined();
        expect(hpa).toBeUndefined();
        const scaled = find(objects, "ScaledObject", svc.name, svc.namespace)!;
        expect(scaled.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: deployment.kind, name: deployment.metadata.name });
        expect([scaled.spec.minReplicaCount, scaled.spec.maxReplicaCount]).toEqual([svc.keda.minReplicaCount, svc.keda.maxReplicaCount]);
      } else {
        expect(deployment.spec.replicas).toBe(svc.replicas);
        expect(hpa).toBeUndefined();
      }
    });

    it("selects its pods with the Service, PDB and NetworkPolicy", () => {
      const labels = pod.metadata.labels;
      expect(matches(deployment.spec.selector.matchLabels, labels)).toBe(true);
      const service = find(objects, "Service", svc.name, svc.namespace)!;
      expect(matches(service.spec.selector, labels)).toBe(true);
      const pdb = find(objects, "PodDisruptionBudget", svc.name, svc.namespace)!;
      expect(matches(pdb.spec.selector.matchLabels, labels)).toBe(true);
      const policy = find(objects, "NetworkPolicy", svc.name, svc.namespace)!;
      expect(matches(policy.spec.podSelector.matchLabels, labels)).toBe(true);
      // Selectors must not match another service's pods.
      for (const other of env.services.filter((s) => s.name !== svc.name)) {
        const otherPod = workloadOf(objects, other).spec.template;
        expect(matches(service.spec.selector, otherPod.metadata.labels)).toBe(false);
      }
    });

    it("has a PDB that always allows one voluntary disruption", () => {
      const pdb = find(objects, "PodDisruptionBudget", svc.name, svc.namespace)!;
      const min = svc.autoscaling?.minReplicas ?? svc.replicas;
      if (pdb.spec.minAvailable !== undefined) expect(pdb.spec.minAvailable).toBeLessThan(min);
      else expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
      expect(pdb.apiVersion).toBe("policy/v1");
    });

    it("allows egress to exactly its declared dependencies", () => {
      const policy = find(objects, "NetworkPolicy", svc.name, svc.namespace)!;
      const egress = policy.spec.egress ?? [];
      const expected = [
        ...svc.dependencies.services.map((dep) => {
          const target = env.services.find((s) => s.name === dep)!;
          return `pod:${target.namespace}/${dep}:${target.port}`;
        }),
        ...svc.dependencies.external.map((e) => `cidr:${e.cidr}:${e.port}`),
        // Extra egress rules the service writes itself (a model store outside its dependencies).
        ...(svc.networkPolicy?.egress ?? []).flatMap((rule: any) =>
          rule.to.flatMap((peer: any) => rule.ports.map((p: any) => `pod:${peer.namespace}/${peer.podSelector.matchLabels["app.kubernetes.io/name"]}:${p.port}`)),
        ),
      ].sort();
      const actual = egress
        .flatMap((rule: any) =>
          rule.to.flatMap((peer: any) =>
            rule.ports.map((p: any) =>
              peer.ipBlock
                ? `cidr:${peer.ipBlock.cidr}:${p.port}`
                : `pod:${peer.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]}/${peer.podSelector.matchLabels["app.kubernetes.io/name"]}:${p.port}`,
            ),
          ),
        )
        .sort();
      expect(actual).toEqual(expected);
      expect(policy.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    });

    it("admits monitoring on the metrics port, and callers and the ingress controller on the service port", () => {
      const policy = find(objects, "NetworkPolicy", svc.name, svc.namespace)!;
      const ingress = policy.spec.ingress;
      const nsOf = (peer: any) => peer.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"];
      const monitoring = ingress.find((r: any) => r.from.some((p: any) => nsOf(p) === env.monitoring.namespace && !p.podSelector));
      expect(monitoring.ports).toEqual([{ port: svc.metricsPort === svc.port ? "http" : "metrics", protocol: "TCP" }]);
      const fromController = ingress.some((r: any) => r.from.some((p: any) => nsOf(p) === env.ingress.controllerNamespace));
      expect(fromController).toBe(svc.ingress !== undefined);
      const callers = env.services.filter((s) => s.dependencies.services.includes(svc.name)).map((s) => s.name).sort();
      const admitted = ingress.flatMap((r: any) => r.from.filter((p: any) => p.podSelector).map((p: any) => p.podSelector.matchLabels["app.kubernetes.io/name"])).sort();
      expect(admitted).toEqual(callers);
    });

    it("gets an Ingress with TLS exactly when it declares a host", () => {
      const ingress = find(objects, "Ingress", svc.name, svc.namespace);
      if (!svc.ingress) return expect(ingress).toBeUndefined();
      expect(ingress!.spec.tls[0].hosts).toEqual([svc.ingress.host]);
      expect(ingress!.metadata.annotations!["cert-manager.io/cluster-issuer"]).toBe(env.ingress.clusterIssuer);
      for (const [k, v] of Object.entries(svc.ingress.annotations)) expect(ingress!.metadata.annotations![k]).toBe(v);
      expect(ingress!.spec.rules[0].http.paths[0].backend.service.name).toBe(svc.name);
    });

    it("never puts a secret value in a ConfigMap or the pod spec", () => {
      for (const ref of svc.secrets) {
        const envVar = container.env.find((e: any) => e.name === ref.env);
        expect(envVar).toEqual({ name: ref.env, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } });
      }
      expect(objects.some((o) => o.kind === "Secret")).toBe(false);
    });
  });

  describe.each(Object.keys(env.namespaces).filter((ns) => !env.namespaces[ns]!.owned))("shared namespace %s", (namespace) => {
    it("gets only the services' own objects and DNS egress for the environment's pods", () => {
      for (const kind of ["Namespace", "ResourceQuota", "LimitRange"]) {
        expect(objects.filter((o) => o.kind === kind && (o.metadata.namespace ?? o.metadata.name) === namespace)).toEqual([]);
      }
      const policies = objects.filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === namespace);
      expect(policies.some((p) => Object.keys(p.spec.podSelector).length === 0)).toBe(false);
      const dns = find(objects, "NetworkPolicy", `${env.platform}-${env.name}-allow-dns`, namespace)!;
      expect(dns.spec.podSelector).toEqual({ matchLabels: { "gitops-forge.io/environment": env.name } });
      expect(objects.some((o) => o.kind === "Deployment" && o.metadata.namespace === namespace)).toBe(true);
    });
  });

  describe.each(Object.keys(env.namespaces).filter((ns) => env.namespaces[ns]!.owned))("namespace %s", (namespace) => {
    it("is restricted by Pod Security Admission", () => {
      const ns = find(objects, "Namespace", namespace)!;
      for (const mode of ["enforce", "audit", "warn"]) expect(ns.metadata.labels![`pod-security.kubernetes.io/${mode}`]).toBe("restricted");
    });

    it("has a quota with GPUs, a LimitRange, default deny and DNS egress", () => {
      const quota = objects.find((o) => o.kind === "ResourceQuota" && o.metadata.namespace === namespace)!;
      const settings = env.namespaces[namespace]!;
      expect(quota.spec.hard["requests.cpu"]).toBe(settings.quota!.cpu);
      expect(quota.spec.hard["requests.nvidia.com/gpu"]).toBe(settings.quota!.gpu);
      expect(objects.some((o) => o.kind === "LimitRange" && o.metadata.namespace === namespace)).toBe(true);
      const deny = find(objects, "NetworkPolicy", "default-deny", namespace)!;
      expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      const dns = find(objects, "NetworkPolicy", "allow-dns", namespace)!;
      expect(dns.spec.egress[0].ports).toEqual([
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ]);
    });
  });

  it("labels every object as managed by gitops-forge for this environment, with a sync wave", () => {
    for (const o of objects) {
      expect(o.metadata.labels!["app.kubernetes.io/managed-by"]).toBe("gitops-forge");
      expect(o.metadata.labels!["gitops-forge.io/environment"]).toBe(env.name);
      expect(Number.isInteger(Number(o.metadata.annotations?.["argocd.argoproj.io/sync-wave"]))).toBe(true);
    }
  });
});

describe("differences between environments", () => {
  const byName = Object.fromEntries(environments.map((e) => [e.env.name, e]));
  it("gives production more replicas, A100s and its own LLM namespace", () => {
    const prod = byName.production!.env.services.find((s) => s.name === "llm-chat")!;
    const dev = byName.dev!.env.services.find((s) => s.name === "llm-chat")!;
    expect(prod.autoscaling!.minReplicas).toBeGreaterThan(dev.keda!.minReplicaCount);
    expect(prod.gpu!.pool).toBe("a100");
    expect(dev.gpu!.pool).toBe("l4");
    expect(prod.namespace).toBe("ml-llm");
  });

  it("lets a service in one namespace call a dependency in another", () => {
    const objects = byName.production!.objects;
    const search = find(objects, "NetworkPolicy", "search", "ml-serving")!;
    const toEmbeddings = search.spec.egress.find((r: any) => r.to[0].podSelector?.matchLabels["app.kubernetes.io/name"] === "embeddings");
    expect(toEmbeddings.to[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"]).toBe("ml-llm");
    const config = find(objects, "ConfigMap", "search-env", "ml-serving")!;
    expect(config.data.EMBEDDINGS_URL).toBe("http://embeddings.ml-llm.svc.cluster.local:8080");
  });
});

describe("monitoring turned off", () => {
  const production = environments.find((e) => e.env.name === "production")!;
  const env = { ...production.env, monitoring: { ...production.env.monitoring, enabled: false } };
  const kinds = (objects: Obj[]) => new Set(objects.map((o) => o.kind));

  it("leaves out ServiceMonitors and PrometheusRules, keeping every serving object and the backups", () => {
    const objects = buildEnvironment(env) as Obj[];
    expect(kinds(production.objects)).toContain("ServiceMonitor");
    expect(kinds(objects)).not.toContain("ServiceMonitor");
    expect(kinds(objects)).not.toContain("PrometheusRule");
    const rest = (list: Obj[]) => list.filter((o) => o.apiVersion !== "monitoring.coreos.com/v1").map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(rest(objects)).toEqual(rest(production.objects));
  });

  it("writes no promtool tests", () => {
    const folders = synthesizeEnvironment(env);
    expect(folders.find((f) => f.folder === "alert-tests/production")!.files.size).toBe(0);
  });
});
