/** Tuning a report's noise: --fail-on, --min-severity, --quiet, --report, --color and FORCE_COLOR. */
import { describe, expect, it } from "vitest";
import { useColor } from "../../scripts/cli/color";
import { removeScratch, runCommand, scratchRepo } from "../helpers/repo";

const WEB = "test/validate/fixtures/third-party/web.yaml";
const validate = (args: string[], env?: Record<string, string>) => runCommand("gitops-forge", ["validate", WEB, ...args], { env });
/** service-type is a warning, memory-limits an error on this fixture. */
const WARNING_ONLY = ["--policy", "service-type"];
const WARNING_AND_ERROR = ["--policy", "service-type", "--policy", "memory-limits"];

describe("validate noise options", () => {
  it("--fail-on warning fails a run that has only warnings", () => {
    const pass = validate(WARNING_ONLY);
    expect([pass.code, pass.stdout]).toEqual([0, expect.stringMatching(/^PASS 0 errors, 1 warning/m)]);
    const fail = validate([...WARNING_ONLY, "--fail-on", "warning"]);
    expect([fail.code, fail.stdout]).toEqual([1, expect.stringMatching(/^FAIL 0 errors, 1 warning/m)]);
  });

  it("--min-severity hides the findings below it but keeps them in the totals", () => {
    const all = validate(WARNING_AND_ERROR);
    const errorsOnly = validate([...WARNING_AND_ERROR, "--min-severity", "error"]);
    expect(all.stdout).toContain("[service-type]");
    expect(errorsOnly.stdout).not.toContain("[service-type]");
    expect(errorsOnly.stdout).toContain("[memory-limits]");
    expect(errorsOnly.stdout).toMatch(/^FAIL 1 error, 1 warning/m);
    expect(errorsOnly.code).toBe(1);
  });

  it("--quiet prints nothing on a passing run and only what fails a failing one", () => {
    expect(validate([...WARNING_ONLY, "--quiet"])).toEqual({ code: 0, stdout: "", stderr: "" });
    const failing = validate([...WARNING_AND_ERROR, "-q"]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("[memory-limits]");
    expect(failing.stdout).not.toContain("[service-type]");
  });

  it("colours when asked: --color, then FORCE_COLOR, then NO_COLOR", () => {
    const escape = "\x1b[";
    expect(validate(WARNING_ONLY).stdout).not.toContain(escape);
    expect(validate(WARNING_ONLY, { FORCE_COLOR: "1" }).stdout).toContain(escape);
    expect(validate([...WARNING_ONLY, "--color", "always"]).stdout).toContain(escape);
    expect(validate([...WARNING_ONLY, "--color", "never"], { FORCE_COLOR: "1" }).stdout).not.toContain(escape);
    expect(useColor("auto", { isTTY: true }, {})).toBe(true);
    expect(useColor("auto", { isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColor("auto", { isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
    expect(useColor("auto", { isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
  });
});

describe("synth report", () => {
  it("prints a summary by default, the full report with --report, nothing but failures with --quiet", () => {
    const dir = scratchRepo();
    try {
      const summary = runCommand("gitops-forge", ["synth", "--root", dir]);
      expect(summary.code).toBe(0);
      expect(summary.stdout).toMatch(/^Top findings\n(  (warning|info) +[a-z-]+ +\d+ × .+\n)+(  \.\.\. and \d+ more polic(y|ies)\n)?PASS 0 errors, \d+ warnings?, \d+ info in \d+ resources/m);
      expect(summary.stdout).toContain("(every finding with its file, line and fix: --report)");
      expect(summary.stdout).not.toMatch(/\.yaml:\d+:\d+/);
      const full = runCommand("gitops-forge", ["synth", "--root", dir, "--report"]);
      expect(full.stdout).toMatch(/^  \S*generated\/\S+\.yaml:\d+:\d+  (warning|info) /m);
      expect(full.stdout).toMatch(/^      fix: /m);
      const quiet = runCommand("gitops-forge", ["synth", "--root", dir, "--quiet"]);
      expect(quiet).toEqual({ code: 0, stdout: "", stderr: "" });
      const strict = runCommand("gitops-forge", ["synth", "--root", dir, "--quiet", "--fail-on", "warning"]);
      expect(strict.code).toBe(1);
      expect(strict.stdout).toMatch(/^  \S*generated\/\S+\.yaml:\d+:\d+  warning /m);
      expect(strict.stdout).not.toMatch(/:\d+  info /);
    } finally {
      removeScratch(dir);
    }
  });
});
