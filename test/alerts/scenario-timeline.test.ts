/** Scenarios played as phases of one promtool test. */
import { describe, expect, it } from "vitest";
import { timeline } from "../../charts/monitoring/scenario-timeline";

describe("timeline", () => {
  it("chains each series' values, marks a series stale when a phase drops it, and checks each phase at its own time", () => {
    const played = timeline([
      { series: [{ series: "up", values: "1+0x10" }], evalMinutes: 5 },
      { series: [], evalMinutes: 5 },
      { series: [{ series: "up", values: "0+0x10" }, { series: "errors_total", values: "0+2x10" }], evalMinutes: 8 },
    ]);
    expect(played).toEqual({
      series: [
        { series: "up", values: "1+0x10 stale _x5 0+0x10" },
        { series: "errors_total", values: "_x11 _x6 0+2x10" },
      ],
      evalMinutes: [5, 11 + 5, 11 + 6 + 8],
    });
  });

  it("refuses phases whose series differ in length or are too short for their check", () => {
    expect(timeline([{ series: [{ series: "a", values: "1+0x10" }, { series: "b", values: "1+0x9" }], evalMinutes: 5 }])).toBeUndefined();
    expect(timeline([{ series: [{ series: "a", values: "1+0x4" }], evalMinutes: 5 }])).toBeUndefined();
    expect(timeline([{ series: [{ series: "a", values: "1 _ stale" }], evalMinutes: 1 }])).toBeUndefined();
  });
});
