/**
 * Model storage (`model`): each source lands in the pod as the format
 * promises (a read-only claim, a hardened init container pulling a pinned URI
 * into the cache, an image volume), every object passes the Kubernetes schema
 * offline, and `validate` passes it at production severity.
 */
import { describe, expect, it } from "vitest";
import { kubernetesSchemaErrors } from "../helpers/kube-schema";
import { buildDelivery } from "../../scripts/lib/synth/pipeline";
import { errorsOf, synthesizePlatform, type Obj } from "./platform-environment";

const COMMIT = "0e9e39f249a16976918f6564b8830bc894c89659";

/** The production platform with a model for each of four services, one source each. */
const platform = await synthesizePlatform(`services:
  churn-predictor:
    model:
      uri: s3://churn-models/churn-predictor/2026.11.2
      endpoint: http://minio.ml-storage.svc:9000
      credentials:
        secret: churn-model-reader
        env: [{ name: AWS_SESSION_TOKEN, secret: churn-session, key: token }]
      cache: { volumeClaim: { size: 20Gi, storageClass: efs-sc } }
      puller: { resources: { cpu: 250m, memory: 512Mi } }
  search:
    model:
      volumeClaim: { size: 50Gi, storageClass: efs-sc, fromSnapshot: search-index-4-1-0 }
      subPath: search/4.1.0
      version: 4.1.0
  embeddings:
    model:
      uri: hf://BAAI/bge-large-en-v1.5
      revision: ${COMMIT}
      credentials: { env: [{ name: HF_TOKEN, secret: huggingface, key: token }] }
      puller: { image: ghcr.io/acme/hf-downloader:0.26.2 }
  llm-chat:
    model:
      image: { reference: "ghcr.io/acme/models/llama-3-8b-instruct:2026.11.1" }
`);
const pod = (name: string) => (platform.find("Deployment", name) as Obj).spec.template;

describe("a model pulled from object storage by an init container", () => {
  const template = pod("churn-predictor");
  const [puller] = template.spec.initContainers;

  it("pulls the pinned path with rclone into the cache before the server starts, from MinIO's endpoint", () => {
    expect(puller).toMatchObject({ name: "model-puller", image: "rclone/rclone:1.68.2", command: ["rclone", "copy", ":s3:churn-models/churn-predictor/2026.11.2", "/models"] });
    expect(puller.env).toEqual(expect.arrayContaining([{ name: "RCLONE_S3_PROVIDER", value: "Minio" }, { name: "RCLONE_S3_ENDPOINT", value: "http://minio.ml-storage.svc:9000" }]));
    expect(puller.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }, { name: "model-cache", mountPath: "/models" }]);
  });

  it("reads credentials from Secret references only", () => {
    expect(puller.envFrom).toEqual([{ secretRef: { name: "churn-model-reader" } }]);
    expect(puller.env).toContainEqual({ name: "AWS_SESSION_TOKEN", valueFrom: { secretKeyRef: { name: "churn-session", key: "token" } } });
    expect(puller.env.filter((e: any) => "value" in e).map((e: any) => e.name)).toEqual(["HOME", "RCLONE_S3_PROVIDER", "RCLONE_S3_ENDPOINT", "RCLONE_S3_ENV_AUTH"]);
  });

  it("is hardened like the server and sized: limits equal requests", () => {
    expect(puller.securityContext).toEqual(template.spec.containers[0].securityContext);
    expect(puller.resources).toEqual({ requests: { cpu: "250m", memory: "512Mi", "ephemeral-storage": "1Gi" }, limits: { cpu: "250m", memory: "512Mi", "ephemeral-storage": "1Gi" } });
  });

  it("fills a cache claim gitops-forge writes (ReadWriteMany), which the server mounts read-only", () => {
    expect(template.spec.volumes).toContainEqual({ name: "model-cache", persistentVolumeClaim: { claimName: "churn-predictor-model-cache" } });
    expect(template.spec.containers[0].volumeMounts).toContainEqual({ name: "model-cache", mountPath: "/models", readOnly: true });
    expect(platform.find("PersistentVolumeClaim", "churn-predictor-model-cache")!.spec).toEqual({ accessModes: ["ReadWriteMany"], resources: { requests: { storage: "20Gi" } }, storageClassName: "efs-sc" });
  });

  it("states the pinned URI and version on the pod template", () => {
    expect(template.metadata.annotations).toMatchObject({ "gitops-forge.io/model-uri": "s3://churn-models/churn-predictor/2026.11.2", "gitops-forge.io/model-version": "2026.11.2" });
  });
});

describe("a model on a PersistentVolumeClaim", () => {
  it("mounts the claim read-only at the model path, the version's folder only", () => {
    const template = pod("search");
    expect(template.spec.volumes).toContainEqual({ name: "model", persistentVolumeClaim: { claimName: "search-model", readOnly: true } });
    expect(template.spec.volumes.map((v: any) => v.name)).not.toContain("model-cache");
    expect(template.spec.containers[0].volumeMounts).toContainEqual({ name: "model", mountPath: "/models", readOnly: true, subPath: "search/4.1.0" });
    expect(template.spec.initContainers).toBeUndefined();
    expect(template.metadata.annotations["gitops-forge.io/model-version"]).toBe("4.1.0");
  });

  it("writes the claim shared by the replicas: ReadOnlyMany, restored from the snapshot holding the model", () => {
    expect(platform.find("PersistentVolumeClaim", "search-model")!.spec).toEqual({
      accessModes: ["ReadOnlyMany"],
      resources: { requests: { storage: "50Gi" } },
      storageClassName: "efs-sc",
      dataSource: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "search-index-4-1-0" },
    });
  });
});

describe("a model from a registry or an image", () => {
  it("downloads a Hugging Face repository at its commit with the given image and token", () => {
    const [puller] = pod("embeddings").spec.initContainers;
    expect(puller.image).toBe("ghcr.io/acme/hf-downloader:0.26.2");
    expect(puller.command).toEqual(["huggingface-cli", "download", "BAAI/bge-large-en-v1.5", "--revision", COMMIT, "--local-dir", "/models"]);
    expect(puller.env).toContainEqual({ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "huggingface", key: "token" } } });
    expect(pod("embeddings").metadata.annotations["gitops-forge.io/model-uri"]).toBe(`hf://BAAI/bge-large-en-v1.5@${COMMIT}`);
  });

  it("mounts an OCI image volume read-only, its tag as the version", () => {
    const template = pod("llm-chat");
    expect(template.spec.volumes).toContainEqual({ name: "model", image: { reference: "ghcr.io/acme/models/llama-3-8b-instruct:2026.11.1", pullPolicy: "IfNotPresent" } });
    expect(template.spec.containers[0].volumeMounts).toContainEqual({ name: "model", mountPath: "/models", readOnly: true });
    expect(template.metadata.annotations["gitops-forge.io/model-version"]).toBe("2026.11.1");
  });
});

describe("the output", () => {
  const checked = platform.objects.filter((o) => o.kind === "Deployment" || o.kind === "PersistentVolumeClaim");
  it.each(checked.map((o) => [`${o.kind}/${o.metadata.name}`, o] as const))("%s validates against the Kubernetes schema", async (_, object) => {
    expect(await kubernetesSchemaErrors(object)).toBeUndefined();
  });

  it("lets Argo CD create the claims", () => {
    const project = buildDelivery(platform.env, platform.objects).find((o) => o.kind === "AppProject") as Obj;
    expect(project.spec.namespaceResourceWhitelist).toContainEqual({ group: "", kind: "PersistentVolumeClaim" });
  });

  it("passes validate at production severity, model-pinned included", () => {
    expect(errorsOf(platform.report)).toEqual([]);
    expect(platform.report.findings.filter((f) => f.policy === "model-pinned")).toEqual([]);
  });
});

describe("what the schema cannot say", () => {
  const refused = (model: string) => synthesizePlatform(`services:\n  search:\n    model: ${model}\n`);

  it("takes one source only", async () => {
    await expect(refused('{ uri: "s3://acme-models/churn/3", image: { reference: "ghcr.io/acme/m:3" } }')).rejects.toThrow(/services\.search\.model: set exactly one of volumeClaim, uri, image \(got uri and image\)/);
  });

  it("keeps each field with its source", async () => {
    await expect(refused('{ uri: "s3://acme-models/churn/3", version: "3" }')).rejects.toThrow(/model\.version: belongs to a model from volumeClaim, and this one comes from uri/);
    await expect(refused('{ uri: "gs://acme-models/churn/3", endpoint: "http://minio:9000" }')).rejects.toThrow(/model\.endpoint: applies to s3:\/\/ URIs/);
  });

  it("asks for an existing claim or a size, and never a read-only cache", async () => {
    await expect(refused("{ volumeClaim: { name: churn, size: 10Gi } }")).rejects.toThrow(/model\.volumeClaim\.size: give name \(an existing claim\) or size/);
    await expect(refused('{ uri: "s3://acme-models/churn/3", cache: { volumeClaim: { size: 10Gi, accessModes: [ReadOnlyMany] } } }')).rejects.toThrow(/model\.cache\.volumeClaim\.accessModes: the init container writes the cache/);
  });

  it("needs a tracking server for MLflow and an image with huggingface-cli for Hugging Face", async () => {
    await expect(refused('{ uri: "models:/churn/3" }')).rejects.toThrow(/model\.uri: models:\/ URIs are resolved by an MLflow tracking server: set trackingUri/);
    await expect(refused(`{ uri: "hf://BAAI/bge@${COMMIT}" }`)).rejects.toThrow(/model\.puller: Hugging Face publishes no downloader image/);
  });
});
