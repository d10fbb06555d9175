/**
 * How far a network delay reaches: by default one pod (or the environment's
 * percentage) and only the traffic towards declared dependencies; `mode: all`
 * and `traffic: all` widen it to every pod and all of their traffic.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadChartEnvironment } from "../../charts/load-environment";
import { synthesizeEnvironment } from "../../scripts/lib/synth/pipeline";
import { scratchRepo } from "../helpers/repo";
import { VALID_DEV } from "../helpers/bad-environments";

function networkChaos(delay: string, extraEnvironment = ""): any {
  const root = scratchRepo();
  writeFileSync(join(root, "environments/dev.yaml"), `${VALID_DEV}    dependencies: { external: [{ name: vault, cidr: 10.20.0.0/16, port: 8200 }] }\n    chaos:\n      networkDelay: ${delay}\nchaos: { enabled: true${extraEnvironment} }\n`);
  const own = synthesizeEnvironment(loadChartEnvironment(root, "dev")).find((f) => f.folder === "dev")!;
  const schedule = [...own.objects.values()].find((o) => o.kind === "Schedule" && o.metadata.name === "llm-chat-network-delay") as any;
  return schedule.spec.networkChaos;
}

describe("network delay reach", () => {
  it("by default delays one pod's traffic to the declared dependencies", () => {
    const spec = networkChaos('{ schedule: "0 11 * * 2", latency: 100ms }');
    expect(spec.mode).toBe("one");
    expect(spec.direction).toBe("to");
    expect(spec.externalTargets).toEqual(["10.20.0.0/16"]);
  });

  it("mode all reaches every pod at once, without the environment's percentage", () => {
    const spec = networkChaos('{ schedule: "0 11 * * 2", mode: all }', ", mode: fixed-percent, percent: 20");
    expect(spec.mode).toBe("all");
    expect(spec).not.toHaveProperty("value");
    expect(spec.direction).toBe("to");
  });

  it("traffic all delays all of the pods' traffic: no direction, no target", () => {
    const spec = networkChaos('{ schedule: "0 11 * * 2", traffic: all, latency: 100ms, jitter: 50ms }');
    expect(spec).not.toHaveProperty("direction");
    expect(spec).not.toHaveProperty("target");
    expect(spec).not.toHaveProperty("externalTargets");
    expect(spec.delay).toEqual({ latency: "100ms", jitter: "50ms", correlation: "0" });
    expect(spec.selector.labelSelectors).toMatchObject({ "app.kubernetes.io/name": "llm-chat" });
  });
});
