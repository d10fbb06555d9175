import { describe, expect, it } from "vitest";
import { parseYamlDocuments, parseYamlMapping } from "../../environments/source/yaml-source";
import { needsStrictParse } from "../../environments/source/_duplicate-key-scan";

describe("needsStrictParse (the guard in front of Bun's parser, which keeps the last duplicate silently)", () => {
  const duplicates = [
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  c: 2\n  b: 3\n",
    "list:\n  - name: x\n    name: y\n",
    "list:\n  -   name: x\n      name: y\n",
    "m: { cpu: 1, memory: 2, cpu: 3 }\n",
    "m: {a: {b: 1, b: 2}}\n",
    '"a": 1\na: 2\n',
    "a: 1\n'a': 2\n",
    "a : 1\na: 2\n",
  ];
  it.each(duplicates)("never lets a duplicate key through: %j", (text) => {
    expect(needsStrictParse(text)).toBe(true);
    expect(() => parseYamlMapping("x.yaml", text)).toThrow(/unique/i);
  });

  const hard = ["a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "? complex\n: value\n", "m: {\n  a: 1 }\n", '"a\\x": 1\n'];
  it.each(hard)("sends what it cannot follow to the strict parser: %j", (text) => {
    expect(needsStrictParse(text)).toBe(true);
  });

  const clean = [
    "a: 1\nb: 2\n",
    "a:\n  b: 1\nc:\n  b: 1\n",
    "list:\n  - name: x\n  - name: x\n",
    "text: |\n  a: 1\n  a: 1\nnext: 2\n",
    "m: { cpu: 1, memory: 2 }\nn: { cpu: 1 }\n",
    "url: http://x:80/a\n",
    'schedule: "0 3 * * *"\nother: "*/5 * * * *"\n',
    "# comment: 1\na: 1 # a: 2\n",
  ];
  it.each(clean)("lets a clean document take the fast path: %j", (text) => {
    expect(needsStrictParse(text)).toBe(false);
  });
});

describe("parseYamlDocuments", () => {
  it("gives the same value and positions on the fast and the strict path", () => {
    const text = "services:\n  llm:\n    gpu: { pool: a, count: 1 }\n    env:\n      A: \"1\"\n";
    const fast = parseYamlMapping("x.yaml", text);
    const strict = parseYamlMapping("x.yaml", text + "anchor: &x 1\nalias: *x\n");
    expect({ ...(strict.value as object), anchor: undefined, alias: undefined }).toEqual({ ...(fast.value as object), anchor: undefined, alias: undefined });
    expect(fast.locate(["services", "llm", "gpu", "count"])).toEqual({ line: 3, column: 21 });
    expect(strict.locate(["services", "llm", "gpu", "count"])).toEqual({ line: 3, column: 21 });
  });

  it("reads several documents and skips empty ones", () => {
    const docs = parseYamlDocuments("m.yaml", "a: 1\n---\n---\nb: 2\n");
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("refuses prototype keys on the fast path too, with their position", () => {
    expect(() => parseYamlMapping("p.yaml", "a:\n  b:\n    __proto__: 1\n")).toThrow(/^p\.yaml:3:5: key "__proto__" is not allowed$/);
  });
});
