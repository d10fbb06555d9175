import { afterEach, describe, expect, it } from "vitest";
import { platformFiles, seedHealthyCluster, startHarness, type Harness } from "./harness";

let h: Harness | undefined;
afterEach(async () => h?.close());

describe("smoke", () => {
  it("runs", async () => {
    h = await startHarness(platformFiles());
    seedHealthyCluster(h.cluster);
    const r = await h.run("check");
    console.log(r.output, r.requests, h.cluster.log.map((l) => `${l.method} ${l.path} ${l.status}`).join("\n"));
    const d = await h.run("diff");
    console.log(d.output);
    expect(r.exitCode).toBe(0);
  });
});
