import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifests } from "../../policies/engine";
import { run } from "./helpers";
import { tempDir } from "../helpers/temp-dir";

/** A List whose Service comes before its Deployment, both without a namespace and exempted by annotation. */
const LIST = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: web
      annotations:
        exempt.gitops-forge.io/explicit-namespace: shared list
    spec:
      ports:
        - port: 80
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      annotations:
        exempt.gitops-forge.io/explicit-namespace: shared list
    spec:
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
            - name: web
              image: registry.example/web:1.0
`;

describe("policy order", () => {
  it("a policy meets its kinds in the order it lists them, whatever the input order (explicit-namespace lists Deployment before Service)", async () => {
    const config = join(tempDir("cfg-"), "config.yaml");
    writeFileSync(config, "allowAnnotationExemptions: true\n");
    const report = await run(parseManifests("list.yaml", LIST), { configFile: config, policyIds: ["explicit-namespace"] });
    // Both items share one document, so one annotation use stands for both: the first the policy met.
    expect(report.waivers).toMatchObject([{ source: "annotation", policy: "explicit-namespace", target: { kind: "Deployment", name: "web" }, findings: 2 }]);
    expect(report.waived.map((f) => f.resource.kind)).toEqual(["Service", "Deployment"]);
  });
});
