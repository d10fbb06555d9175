/**
 * nodeSelector entries: a single value stays a nodeSelector label; a list (one
 * of several values) becomes a required node-affinity expression with `In`,
 * in the same term as a GPU pool's label so that both must hold.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { synthesizePlatform } from "./platform-environment";

const PLATFORM = `services:
  churn-predictor:
    nodeSelector:
      node.kubernetes.io/instance-type: [c5.2xlarge, c5.4xlarge]
      topology.kubernetes.io/region: eu-west-1
  embeddings:
    nodeSelector:
      node.kubernetes.io/instance-type: [p4d.24xlarge, p4de.24xlarge]
`;

let platform: Awaited<ReturnType<typeof synthesizePlatform>>;
beforeAll(async () => {
  platform = await synthesizePlatform(PLATFORM);
});

const podSpec = (name: string) => platform.find("Deployment", name)!.spec.template.spec;
const required = (name: string) => podSpec(name).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;

describe("node selection", () => {
  it("keeps a single value in nodeSelector and requires one of a list's values through node affinity", () => {
    expect(podSpec("churn-predictor").nodeSelector).toEqual({ "topology.kubernetes.io/region": "eu-west-1" });
    expect(required("churn-predictor")).toEqual({
      nodeSelectorTerms: [{ matchExpressions: [{ key: "node.kubernetes.io/instance-type", operator: "In", values: ["c5.2xlarge", "c5.4xlarge"] }] }],
    });
  });

  it("adds the choice to a GPU service's pool expression in one term, so the pool is still required", () => {
    const pool = platform.env.gpuPools.a100!; // the sample production environment's pool for embeddings
    expect(podSpec("embeddings").nodeSelector).toBeUndefined();
    expect(required("embeddings")).toEqual({
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: pool.nodeLabel.key, operator: "In", values: [pool.nodeLabel.value] },
            { key: "node.kubernetes.io/instance-type", operator: "In", values: ["p4d.24xlarge", "p4de.24xlarge"] },
          ],
        },
      ],
    });
  });
});
