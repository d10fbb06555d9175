import { describe, expect, it } from "vitest";
import { filledShapeOf, JsonShape } from "../../charts/json-shape";

const NS = "gitopsforgenamespaceplaceholder";
const SVC = "gitopsforgeserviceplaceholder";
const shape = new JsonShape(
  { name: `${SVC}.slo`, labels: { namespace: NS, [`${SVC}-owner`]: "team" }, rules: [{ expr: `up{namespace="${NS}", service="${SVC}"} == 0`, for: "5m", skipped: undefined }], replicas: 2, ratio: 0.5, on: true },
  [NS, SVC],
);

describe("JsonShape", () => {
  it("fills every key and string with the names, as the JSON of the shape with the names put in would parse", () => {
    const filled = shape.fill(["search", "ranker"]);
    expect(filled).toEqual(JSON.parse(JSON.stringify(shape.value).replaceAll(NS, "search").replaceAll(SVC, "ranker")));
    expect(filled).toEqual({ name: "ranker.slo", labels: { namespace: "search", "ranker-owner": "team" }, rules: [{ expr: 'up{namespace="search", service="ranker"} == 0', for: "5m" }], replicas: 2, ratio: 0.5, on: true });
  });

  it("makes new objects for every value, each remembering its shape and names", () => {
    const a = shape.fill(["search", "ranker"]) as { labels: object; rules: object[] };
    const b = shape.fill(["search", "ranker"]) as { labels: object; rules: object[] };
    expect(a).toEqual(b);
    expect(a.labels).not.toBe(b.labels);
    expect(a.rules[0]).not.toBe(b.rules[0]);
    expect(filledShapeOf(a)).toEqual({ shape, names: ["search", "ranker"] });
    expect(filledShapeOf(structuredClone(a))).toBeUndefined();
  });

  it("does not remember values with a null field (manifests leave those out, so they are not plain as filled)", () => {
    const withNull = new JsonShape({ name: SVC, gone: null }, [SVC]);
    const filled = withNull.fill(["ranker"]) as object;
    expect(filled).toEqual({ name: "ranker", gone: null });
    expect(filledShapeOf(filled)).toBeUndefined();
  });
});
