import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironment, listEnvironments } from "../../environments/load-environment";
import { synthesize, type Manifest } from "../../scripts/lib/synth/pipeline";
import { REPO_ROOT } from "../helpers/repo";
import { crdErrors } from "../helpers/crds";
import { describeConformance } from "../helpers/upstream-crds";
import Ajv from "ajv";
import { OWN_CUSTOM_RESOURCE_SCHEMAS } from "../../policies/engine/custom-resource-schemas";

const { environments, folders } = synthesize(REPO_ROOT);
const manifestsOf = (folder: string) => [...folders.find((f) => f.folder === folder)!.objects.values()] as Array<Manifest & { spec: any }>;
const CORE = /^(v1|apps\/v1|batch\/v1|autoscaling\/v2|policy\/v1|networking\.k8s\.io\/v1)$/;
/** Objects an environment adds itself (extra manifests): their kinds are the team's, not the charts'. */
const extra = new Set(environments.flatMap((e) => e.extraManifests.map(({ object }) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`)));
const isExtra = (o: Manifest) => extra.has(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);

describe("custom resources", () => {
  const custom = folders.flatMap((f) => [...f.objects.entries()].filter(([, o]) => !CORE.test(o.apiVersion)).map(([path, o]) => [`${f.folder}/${path}`, o] as const));

  it("include every operator's kinds", () => {
    const kinds = new Set(custom.map(([, o]) => `${o.apiVersion}/${o.kind}`));
    for (const k of ["velero.io/v1/Schedule", "chaos-mesh.org/v1alpha1/Schedule", "argoproj.io/v1alpha1/AppProject", "argoproj.io/v1alpha1/Application", "argoproj.io/v1alpha1/ApplicationSet"]) {
      expect(kinds).toContain(k);
    }
  });

  const ownSchemas = Object.fromEntries(
    Object.entries(OWN_CUSTOM_RESOURCE_SCHEMAS).map(([gvk, schema]) => [gvk, new Ajv({ strict: false }).compile(JSON.parse(JSON.stringify(schema)))]),
  );
  const withOwnSchema = custom.filter(([, o]) => ownSchemas[`${o.apiVersion}/${o.kind}`]);

  it.each(withOwnSchema)("%s validates against the schema gitops-forge ships for offline validation", (_, object) => {
    const validate = ownSchemas[`${object.apiVersion}/${object.kind}`]!;
    expect(validate(object), JSON.stringify(validate.errors)).toBe(true);
  });

});

describeConformance("custom resources", () => {
  const custom = folders.flatMap((f) => [...f.objects.entries()].filter(([, o]) => !CORE.test(o.apiVersion) && !isExtra(o)).map(([path, o]) => [`${f.folder}/${path}`, o] as const));
  const ownSchemas = Object.fromEntries(
    Object.entries(OWN_CUSTOM_RESOURCE_SCHEMAS).map(([gvk, schema]) => [gvk, new Ajv({ strict: false }).compile(JSON.parse(JSON.stringify(schema)))]),
  );
  const withOwnSchema = custom.filter(([, o]) => ownSchemas[`${o.apiVersion}/${o.kind}`]);

  it.each(custom)("%s validates against the upstream CRD (strict fields)", (_, object) => {
    expect(crdErrors(object)).toEqual([]);
  });

  it("the shipped schemas reject what the upstream CRDs reject", () => {
    for (const [, object] of withOwnSchema) {
      const validate = ownSchemas[`${object.apiVersion}/${object.kind}`]!;
      const broken = [
        { ...object, spec: { ...(object as any).spec, shedule: "0 1 * * *" } },
        { ...object, spec: { ...(object as any).spec, schedule: undefined } },
      ];
      for (const b of broken) {
        expect(validate(JSON.parse(JSON.stringify(b)))).toBe(false);
        expect(crdErrors(JSON.parse(JSON.stringify(b))).length).toBeGreaterThan(0);
      }
    }
  });

  it("the CRD check catches a misspelt field and a bad enum (so the checks above can fail)", () => {
    const schedule = custom.find(([, o]) => o.apiVersion === "chaos-mesh.org/v1alpha1")![1] as any;
    expect(crdErrors({ ...schedule, spec: { ...schedule.spec, concurrencyPolicy: "Replace" } }).join()).toMatch(/allowed values/);
    expect(crdErrors({ ...schedule, spec: { ...schedule.spec, shedule: "x" } }).join()).toMatch(/additional properties/);
  });
});

describe.each(environments)("environment $name", (env) => {
  const manifests = manifestsOf(env.name);

  it("never generates a bare chaos experiment, only Schedules, and only where allowed", () => {
    const bare = manifests.filter((m) => m.apiVersion.startsWith("chaos-mesh.org/") && m.kind !== "Schedule");
    expect(bare).toEqual([]);
    const chaos = manifests.filter((m) => m.apiVersion.startsWith("chaos-mesh.org/"));
    if (env.tier === "production" && !env.chaos.allowInProduction) expect(chaos).toEqual([]);
    for (const schedule of chaos) {
      expect(schedule.spec.concurrencyPolicy).toBe("Forbid");
      expect(schedule.spec.historyLimit).toBeGreaterThan(0);
      const experiment = schedule.spec[schedule.spec.type.charAt(0).toLowerCase() + schedule.spec.type.slice(1)];
      expect(["one", "fixed-percent"]).toContain(experiment.mode);
      if (experiment.action !== "pod-kill") expect(experiment.duration).toMatch(/^[0-9]+(ms|s|m|h)$/);
      // Only the owning service's pods, in its namespace.
      const owner = env.services.find((s) => s.name === schedule.metadata.labels!["app.kubernetes.io/name"])!;
      expect(experiment.selector).toEqual({
        namespaces: [owner.namespace],
        labelSelectors: { "app.kubernetes.io/name": owner.name, "app.kubernetes.io/instance": `${env.name}-${owner.name}` },
      });
    }
  });

  it("backs up every namespace of the environment with Velero, events excluded", () => {
    const schedules = manifests.filter((m) => m.apiVersion === "velero.io/v1" && m.kind === "Schedule");
    expect(schedules.length).toBeGreaterThan(0);
    for (const s of schedules) {
      expect(s.spec.template.includedNamespaces).toEqual(Object.keys(env.namespaces).sort());
      expect(s.spec.template.excludedResources).toContain("events");
      expect(s.metadata.namespace).toBe(env.backup.namespace);
    }
    const daily = schedules.find((s) => s.metadata.name.endsWith("-daily"))!;
    expect(daily.spec.template.ttl).toBe(env.backup.ttl);
    expect(Boolean(schedules.find((s) => s.metadata.name.endsWith("-frequent")))).toBe(env.backup.rpo !== undefined);
  });

  it("orders sync waves: Namespaces, then guard rails, then workloads, then custom resources", () => {
    const wave = (m: Manifest) => Number(m.metadata.annotations!["argocd.argoproj.io/sync-wave"]);
    const maxOf = (pred: (m: Manifest) => boolean) => Math.max(...manifests.filter(pred).map(wave));
    const minOf = (pred: (m: Manifest) => boolean) => Math.min(...manifests.filter(pred).map(wave));
    const isWorkload = (m: Manifest) => ["Deployment", "Rollout", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"].includes(m.kind);
    // Argo Rollouts' kinds run the workload: its Rollout is one, its AnalysisTemplate comes before it.
    const isDelivery = (m: Manifest) => m.apiVersion === "argoproj.io/v1alpha1" && ["Rollout", "AnalysisTemplate"].includes(m.kind);
    const isGuardRail = (m: Manifest) => ["ResourceQuota", "LimitRange", "NetworkPolicy"].includes(m.kind);
    expect(maxOf((m) => m.kind === "Namespace")).toBeLessThan(minOf(isGuardRail));
    expect(maxOf(isGuardRail)).toBeLessThan(minOf(isWorkload));
    expect(maxOf(isWorkload)).toBeLessThan(minOf((m) => !CORE.test(m.apiVersion) && !isExtra(m) && !isDelivery(m)));
    for (const m of manifests.filter((m) => m.kind === "AnalysisTemplate")) expect(wave(m)).toBeLessThan(minOf(isWorkload));
    // Secrets from an external store exist before the pods that read them.
    for (const m of manifests.filter((m) => m.kind === "ExternalSecret")) expect(wave(m)).toBeLessThan(minOf(isWorkload));
  });

  it("is delivered by Argo CD from a folder that exists and holds only valid manifests of allowed kinds and namespaces", () => {
    const delivery = manifestsOf(`argocd/${env.name}`);
    const project = delivery.find((m) => m.kind === "AppProject")!;
    const app = delivery.find((m) => m.kind === "Application" || m.kind === "ApplicationSet")!;
    const spec = app.kind === "Application" ? app.spec : app.spec.template.spec;
    expect(app.kind).toBe(env.additionalClusters.length ? "ApplicationSet" : "Application");
    expect(spec.project).toBe(project.metadata.name);
    expect(spec.source.directory).toEqual({ recurse: true });
    expect(spec.syncPolicy.syncOptions).toContain("ServerSideApply=true");
    expect(spec.syncPolicy.syncOptions.join()).not.toMatch(/CreateNamespace/);
    // Read the folder as Argo CD's directory source does: every .yaml under the path, recursively.
    const root = join(REPO_ROOT, spec.source.path);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(name)) files.push(path);
      }
    };
    walk(root);
    expect(files.length).toBe(manifests.length);
    const allowed = new Set([...project.spec.namespaceResourceWhitelist, ...project.spec.clusterResourceWhitelist].map((k: any) => `${k.group}/${k.kind}`));
    const destinations = new Set(project.spec.destinations.map((d: any) => `${d.server}|${d.namespace}`));
    for (const file of files) {
      const o = Bun.YAML.parse(readFileSync(file, "utf8")) as any;
      expect(o.apiVersion && o.kind && o.metadata?.name, file).toBeTruthy();
      const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
      expect(allowed.has(`${group}/${o.kind}`), `${file}: ${group}/${o.kind} not allowed by the AppProject`).toBe(true);
      if (o.kind !== "Namespace") expect(destinations.has(`${env.cluster.server}|${o.metadata.namespace}`), file).toBe(true);
    }
  });
});

it("loads the environments the test synthesized", () => {
  expect(listEnvironments(REPO_ROOT).map((n) => loadEnvironment(REPO_ROOT, n).name)).toEqual(environments.map((e) => e.name));
});
