import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { toYaml } from "../../scripts/lib/output/yaml";

/** Strings that YAML readers misread when written plain, and text a reviewer wants to read as written. */
const TRICKY: Record<string, unknown> = {
  booleans11: ["yes", "no", "on", "off", "y", "n", "Y", "NO", "true", "False"],
  nulls: ["null", "~", "Null", ""],
  numbers: ["010", "0x1F", "0o17", "1e3", "1.5", ".5", "-1", "+1", "1:20", "1_000", ".inf", ".NaN"],
  dates: ["2024-01-01", "2024-01-01T10:00:00Z"],
  indicators: ["- x", "#x", "a #b", "x: y", "ends:", "@at", "`tick", "*star", "&amp", "!tag", "%pct", "|pipe", ">gt", "[x]", "{x}", "'q'", '"dq"', "?", ":", "-", "=", "  lead", "trail "],
  plainOk: ["nvidia.com/gpu", "100Mi", "500m", "ghcr.io/acme/x:1.2.3", "10.0.0.0/8", "a, b", "Exists", "--model=/x"],
  unicode: ["é ü 中", "emoji 🚀", "line\u2028sep", "nul\u0000byte", "tab\tin"],
  multiline: ["line1\nline2\n", "no trailing\nnewline", "two\n\n", "x\n\ny\n", "a: b\n  c", "sum(rate(x[5m]))\n  / sum(rate(y[5m]))\n> 0.01\n", " leading\nspace", "trailing \nspace\n", "crlf\r\nline"],
  numbersReal: [0, 1, -1, 1.5, 0.001, 123456789],
  nested: [[1, [2, []]], [{}], { a: [{ b: { c: [] } }] }],
  misc: { "y": "n", "a.b/c": "true", "with space": 1, "": "empty key" },
};

describe("toYaml", () => {
  it.each(["1.1", "1.2"] as const)("round-trips every tricky value through a YAML %s reader", (version) => {
    const back = parse(toYaml(TRICKY), { version });
    expect(back).toEqual(TRICKY);
  });

  it("round-trips through Bun's native YAML reader", () => {
    expect(Bun.YAML.parse(toYaml(TRICKY))).toEqual(TRICKY);
  });

  it("orders apiVersion, kind, metadata first and name, namespace first in metadata, the rest alphabetically", () => {
    const text = toYaml({ spec: { b: 1, a: 2 }, metadata: { labels: { z: "1", a: "2" }, namespace: "ns", name: "web" }, kind: "K", apiVersion: "v1" });
    expect(text).toBe("apiVersion: v1\nkind: K\nmetadata:\n  name: web\n  namespace: ns\n  labels:\n    a: \"2\"\n    z: \"1\"\nspec:\n  a: 2\n  b: 1\n");
  });

  it("writes multi-line text as literal blocks and lists of maps compactly", () => {
    const text = toYaml({ expr: "a\n  > b\n", items: [{ name: "x", value: 1 }, "s"] });
    expect(text).toBe("expr: |\n  a\n    > b\nitems:\n  - name: x\n    value: 1\n  - s\n");
  });

  it("is deterministic regardless of key insertion order", () => {
    expect(toYaml({ b: 1, a: { d: 1, c: 2 } })).toBe(toYaml({ a: { c: 2, d: 1 }, b: 1 }));
  });

  it("refuses values a manifest cannot hold", () => {
    expect(() => toYaml({ a: Number.NaN })).toThrow(/cannot render/);
    expect(() => toYaml({ a: () => 1 })).toThrow(/cannot render/);
  });
});
