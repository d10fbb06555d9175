import { describe, expect, it } from "vitest";
import { PlaceholderText } from "../../charts/placeholder-text";

const NS = "gitopsforgenamespaceplaceholder";
const SVC = "gitopsforgeserviceplaceholder";
const TEXT = `${NS}/${SVC}: up{namespace="${NS}", service="${SVC}"} in ${NS}, ${SVC}${SVC}.`;
const expected = (namespace: string, service: string) => TEXT.replaceAll(NS, namespace).replaceAll(SVC, service);

describe("PlaceholderText", () => {
  it("fills every place of each placeholder, whichever values come in whatever order", () => {
    const text = new PlaceholderText(TEXT, [NS, SVC]);
    // Namespaces that repeat, alternate and come back (each is split once and kept), and more of them than are kept.
    const namespaces = ["search", "search", "ads", "search", ...Array.from({ length: 100 }, (_, i) => `ns-${i}`), "ads"];
    for (const [i, namespace] of namespaces.entries()) {
      expect(text.fill([namespace, `svc-${i}`])).toBe(expected(namespace, `svc-${i}`));
      const parts = ["head "];
      text.fillInto([namespace, `svc-${i}`], parts);
      expect(parts.join("")).toBe(`head ${expected(namespace, `svc-${i}`)}`);
    }
  });

  it("fills text with only the first placeholder, or none, as it is", () => {
    expect(new PlaceholderText(`${NS}-x-${NS}`, [NS, SVC]).fill(["search", "ranker"])).toBe("search-x-search");
    expect(new PlaceholderText("no names here", [NS, SVC]).fill(["search", "ranker"])).toBe("no names here");
    expect(new PlaceholderText(`${SVC}`, [NS, SVC]).fill(["search", "ranker"])).toBe("ranker");
  });
});
