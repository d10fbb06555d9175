// The reference workload written as a conventional cdk8s app: 3 environments x
// BENCH_SERVICES services, each a Deployment, Service, HPA, PDB and
// NetworkPolicy, plus per-namespace Namespace, ResourceQuota, LimitRange and
// NetworkPolicies, synthesized by `cdk8s synth` with cdk8s's own YAML output.
import { App, Chart } from "cdk8s";
import * as k8s from "cdk8s-plus-34/lib/imports/k8s";

const services = Number(process.env.BENCH_SERVICES ?? "10");
const app = new App();
for (const env of ["dev", "staging", "production"]) {
  const namespace = `serving-${env}`;
  const chart = new Chart(app, env, { disableResourceNameHashes: true, labels: { "app.kubernetes.io/managed-by": "bench" } });
  new k8s.KubeNamespace(chart, "ns", { metadata: { name: namespace } });
  new k8s.KubeResourceQuota(chart, "quota", { metadata: { name: "compute", namespace }, spec: { hard: { "requests.cpu": k8s.Quantity.fromString(String(services * 4)) } } });
  new k8s.KubeLimitRange(chart, "limits", { metadata: { name: "container-defaults", namespace }, spec: { limits: [{ type: "Container", default: { cpu: k8s.Quantity.fromString("250m") } }] } });
  new k8s.KubeNetworkPolicy(chart, "deny", { metadata: { name: "default-deny", namespace }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
  new k8s.KubeNetworkPolicy(chart, "dns", { metadata: { name: "allow-dns", namespace }, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ protocol: "UDP", port: k8s.IntOrString.fromNumber(53) }] }] } });
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": `${env}-${name}` };
    const meta = { name, namespace, labels };
    new k8s.KubeDeployment(chart, `${name}-deployment`, {
      metadata: meta,
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "server",
                image: `registry.example/model-${i}:1.0.${i}`,
                ports: [{ name: "http", containerPort: 8080 }, { name: "metrics", containerPort: 9090 }],
                resources: { requests: { cpu: k8s.Quantity.fromString("500m"), memory: k8s.Quantity.fromString("1Gi") }, limits: { cpu: k8s.Quantity.fromString("500m"), memory: k8s.Quantity.fromString("1Gi") } },
                readinessProbe: { httpGet: { path: "/healthz/ready", port: k8s.IntOrString.fromString("http") } },
                livenessProbe: { httpGet: { path: "/healthz/live", port: k8s.IntOrString.fromString("http") } },
                startupProbe: { httpGet: { path: "/healthz/started", port: k8s.IntOrString.fromString("http") }, failureThreshold: 60 },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              },
            ],
            topologySpreadConstraints: [{ topologyKey: "kubernetes.io/hostname", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: labels } }],
          },
        },
      },
    });
    new k8s.KubeService(chart, `${name}-service`, { metadata: meta, spec: { selector: labels, ports: [{ name: "http", port: 8080, targetPort: k8s.IntOrString.fromString("http") }] } });
    new k8s.KubeHorizontalPodAutoscalerV2(chart, `${name}-hpa`, {
      metadata: meta,
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name }, minReplicas: 2, maxReplicas: 6, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] },
    });
    new k8s.KubePodDisruptionBudget(chart, `${name}-pdb`, { metadata: meta, spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } } });
    new k8s.KubeNetworkPolicy(chart, `${name}-netpol`, {
      metadata: meta,
      spec: { podSelector: { matchLabels: labels }, policyTypes: ["Ingress", "Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ protocol: "TCP", port: k8s.IntOrString.fromNumber(5432) }] }] },
    });
  }
}
app.synth();
