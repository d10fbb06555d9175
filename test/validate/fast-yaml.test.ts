import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectFiles } from "../../policies/engine";
import { parseBlockYaml, parseBlockYamlWithPositions } from "../../policies/engine/fast-yaml";
import { blockYamlLocator } from "../../policies/engine/fast-yaml-locate";
import { parseYamlDocuments } from "../../environments/source/yaml-source";
import { FIXTURES, ROOT } from "./helpers";

/** The fast path must give exactly what the full parser gives, or decline. */
function agrees(text: string): void {
  const fast = parseBlockYaml(text);
  if (fast === undefined) return;
  expect(fast).toEqual(Bun.YAML.parse(text));
}

describe("block YAML fast path", () => {
  it.each([
    ["core-schema scalars", "a: 0755\nb: +1\nc: 1.\nd: 1e3\ne: .5\nf: 1_000\ng: 2026-01-01\nh: on\ni: ~\nj: True\nk: 10Gi\nl: 1.4.2\nm: ''\n"],
    ["quoted scalars and comments", "a: 'it''s'\nb: \"x\\\"y\"\nc: b #comment\nd: b#c\ne: http://x\n'f g': 1\n"],
    ["sequences at and below the key's indent", "a:\n- x\n- y\nb:\n  - name: x\n    v: 1\n  - y\n"],
    ["folded plain scalars", "expr: sum(rate(x[5m]))\n  / sum(rate(y[5m]))\n  > 0.05\nb: 1\n"],
    ["empty values and flow collections", "a:\nb: {}\nc: []\nd:\n  e:\n  f: 1\n"],
    ["comments after sequence items", "a:\n- x # c\n- 'y' # d\n- \"z\"\n"],
  ])("agrees with the full parser on %s", (_name, text) => {
    expect(parseBlockYaml(text)).not.toBeUndefined();
    agrees(text);
  });

  it.each([
    ["flow collections with content", "a: [x]\n"],
    ["block scalars", "a: |\n  x\n"],
    ["duplicate keys", "k: v\nk: w\n"],
    ["a folded scalar across a blank line", "a: abc\n\n  def\n"],
    ["a multi-line quoted scalar", "a: 'x\n  y'\n"],
    ["a multi-line quoted sequence item", "a:\n- \"x\n  y\"\n"],
    ["anchors and aliases", "a: &x 1\nb: *x\n"],
    ["tabs", "a:\n\tb: 1\n"],
    ["a dash as a value", "a: -\n"],
    ["integers beyond 2^53", "a: 12345678901234567890\n"],
  ])("declines %s", (_name, text) => {
    expect(parseBlockYaml(text)).toBeUndefined();
  });

  it("agrees with the full parser on every fixture it accepts", () => {
    let accepted = 0;
    for (const file of collectFiles([FIXTURES])) {
      const text = readFileSync(file, "utf8");
      if (/^---/m.test(text)) continue;
      if (parseBlockYaml(text) !== undefined) accepted++;
      agrees(text);
    }
    expect(accepted).toBeGreaterThanOrEqual(13);
  });
});

describe("block YAML positions", () => {
  /** Every path to a node of `value`, container entries included. */
  function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
    if (value === null || typeof value !== "object") return [prefix];
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
  }

  it("locate every field where the full parser does, and the closest ancestor for missing ones", () => {
    let checked = 0;
    for (const file of collectFiles([FIXTURES])) {
      const text = readFileSync(file, "utf8");
      const fast = parseBlockYamlWithPositions(text);
      if (!fast || fast.value === null) continue;
      const [full] = parseYamlDocuments(file, text);
      for (const path of [...paths(fast.value), ...paths(fast.value).map((p) => [...p, "missing"])]) {
        expect(fast.locate(path), `${file} ${path.join(".")}`).toEqual(full!.locate(path));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it.each([
    ["sequences at the key's indent, nested items and compact mappings", "a:\n- x\n-\n  b: 1\n  c:\n  - d: 2\n    e: []\n  - f: 3 # c\n    g:\n      - 1\n      -\n        h: 2\n"],
    ["folded scalars, quoted keys, empty items", "b: foo\n  bar\n\"q k\": 1\n'r''s': {}\nz:\n-\n- 5\n"],
    ["comments and blank lines between items", "# c\n\nlist:\n  -\n    name: a\n\n  - name: b\n    v: \"x: y\" # h\nk: ~\n"],
    ["a top-level sequence", "- a: 1\n  b:\n  - 2\n- 3\n-\n"],
    ["quoted keys beside plain ones, comments after the colon, a key that only starts like another", "metadata:\n  \"name\": x\n  labels: # c\n    a: b\n  c: d # e\n  \"f g\": # h\n    - 1\n  k:v: 2\n  k: 3\n"],
  ])("the line walker finds what the position-keeping parse finds: %s", (_name, text) => {
    const parsed = parseBlockYamlWithPositions(text)!;
    const walker = blockYamlLocator(text)!;
    const all = paths(parsed.value);
    for (const path of [...all, ...all.map((p) => [...p, "missing"]), ...all.map((p) => [...p, 0]), ...all.map((p) => [...p, 3])]) {
      expect(walker.locate(path), path.join(".")).toEqual(parsed.locate(path));
    }
  });

  it("the line walker finds what the position-keeping parse finds in every generated manifest and fixture", () => {
    let checked = 0;
    for (const file of collectFiles([FIXTURES, join(ROOT, "generated")])) {
      const text = readFileSync(file, "utf8");
      const parsed = parseBlockYamlWithPositions(text);
      if (!parsed || parsed.value === null) continue;
      const walker = blockYamlLocator(text)!;
      const all = paths(parsed.value);
      for (const path of [...all, ...all.map((p) => [...p, "missing"])]) {
        expect(walker.locate(path), `${file} ${path.join(".")}`).toEqual(parsed.locate(path));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});
