/** The progress line: on a terminal only, after a second, cleared before output and at the end. */
import { describe, expect, it } from "vitest";
import { Progress } from "../../scripts/cli/progress";

function terminal(isTTY: boolean) {
  const written: string[] = [];
  let now = 0;
  const progress = new Progress({ isTTY, write: (text: string) => written.push(text) }, () => now);
  return { progress, written, advance: (ms: number) => (now += ms) };
}

describe("progress", () => {
  it("stays silent during the first second", () => {
    const { progress, written, advance } = terminal(true);
    progress.step("validating 27000 manifests");
    advance(900);
    progress.step("validating 27000 manifests");
    progress.done();
    expect(written).toEqual([]);
  });

  it("shows the step, its count and the time once the run passes a second, then clears the line", () => {
    const { progress, written, advance } = terminal(true);
    advance(1500);
    progress.step("synthesizing production", 1, 3);
    progress.clear();
    progress.clear();
    advance(500);
    progress.step("validating what was written");
    progress.done();
    expect(written).toEqual(["\r\x1b[2Ksynthesizing production (1/3)... 1.5s", "\r\x1b[2K", "\r\x1b[2Kvalidating what was written... 2.0s", "\r\x1b[2K"]);
  });

  it("writes nothing when stderr is not a terminal", () => {
    const { progress, written, advance } = terminal(false);
    advance(5000);
    progress.step("promtool test rules on 12 test files");
    progress.done();
    expect(written).toEqual([]);
  });
});
