import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Window } from "happy-dom";
import { startHarness, SEED, type Harness } from "./harness";
import { merge, serviceFiles, underGenerated } from "./fixtures";

/**
 * The diagram in the PR body is checked with Mermaid's own parser (the one
 * GitHub's renderer runs), under Bun with happy-dom standing in for the
 * browser's DOM that Mermaid's label sanitizer needs.
 */
let mermaid: typeof import("mermaid").default;
beforeAll(async () => {
  const window = new Window();
  Object.assign(globalThis, { window, document: window.document });
  mermaid = (await import("mermaid")).default;
}, 30_000);

const blocks = (body: string, lang: string) => [...body.matchAll(new RegExp("^(`{3,})" + lang + "\\n([\\s\\S]*?)\\n\\1$", "gm"))].map((m) => m[2]!);
/** The quoted labels of a flowchart's nodes. */
const labels = (chart: string) => [...chart.matchAll(/\["([^"]+)"\]/g)].map((m) => m[1]!);

describe("the PR body's service diagram", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expect(h.gh.violations).toEqual([]);
    await h.stop();
  });

  it("parses with Mermaid and names every changed service, highlighting what the change adds and removes", async () => {
    const before = merge(
      serviceFiles("search", { callers: ["chat"], calls: ["ranker"], external: ["10.20.0.0/24:6379"] }),
      serviceFiles("chat", { calls: ["search"] }),
      serviceFiles("ranker", { callers: ["search"] }),
      serviceFiles("billing", { namespace: "ml-batch" }),
    );
    const after = merge(
      serviceFiles("search", { callers: ["chat"], calls: ["rerank"], external: ["10.20.0.0/24:6379"] }),
      serviceFiles("chat", { calls: ["search"], image: "ghcr.io/acme/chat:2.0.0" }),
      serviceFiles("rerank", { callers: ["search"], gpus: 1 }),
      serviceFiles("billing", { namespace: "ml-batch" }),
    );
    await h.gh.store.commitFiles("main", merge(SEED, underGenerated("production", before)), "Deployed");
    await h.run(after);
    const body = h.gh.pulls[0]!.body;
    const [chart, ...more] = blocks(body, "mermaid");
    expect(more).toEqual([]);
    await expect(mermaid.parse(chart!)).resolves.toMatchObject({ diagramType: "flowchart-v2" });
    for (const service of ["search", "chat", "rerank", "ranker"]) expect(labels(chart!)).toContain(service);
    const id = (name: string) => new RegExp(`(n\\d+)\\["${name}"\\]`).exec(chart!)![1]!;
    expect(chart).toContain(`${id("search")} ==>|added| ${id("rerank")}`);
    expect(chart).toContain(`${id("search")} -.->|removed| ${id("ranker")}`);
    expect(chart).toContain(`${id("chat")} --> ${id("search")}`);
    expect(chart).toMatch(new RegExp(`class ${id("rerank")} added`));
    expect(chart).toMatch(new RegExp(`class ${id("ranker")} removed`));
    expect(chart).toMatch(new RegExp(`class [n0-9,]*\\b${id("chat")}\\b[n0-9,]* changed`));
    expect(chart).toContain('(["10.20.0.0/24 :6379"])');
    // Capacity before and after, as bars: one GPU per rerank pod at 2 to 6 replicas.
    const [capacity] = blocks(body, "text");
    expect(capacity).toContain("GPUs at min    before                      0\n               after  ██████▋              2  +2\n");
    expect(capacity).toContain("GPUs at max    before                      0\n               after  ████████████████████ 6  +6");
  });

  it("a broken diagram would not parse: the check can fail", async () => {
    await expect(mermaid.parse("flowchart LR\n  n1 --> \n")).rejects.toThrow(/Parse error/);
    await expect(mermaid.parse('flowchart LR\n  n1["a"] --> n2["b"]\n  linkStyle 3 stroke:red\n')).rejects.toThrow();
  });
});
