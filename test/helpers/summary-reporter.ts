import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { CONFORMANCE_TAG, RUN_CONFORMANCE, UPSTREAM_CRDS } from "./upstream-crds";

/**
 * Ends the run with the plain `N passed, N failed` line that CI log readers
 * understand, after one line naming the conformance suites skipped for want
 * of the upstream CRDs (a user's fresh clone has none).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const conformanceSkipped = new Set<string>();
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else {
          skipped++;
          if (test.fullName.includes(CONFORMANCE_TAG)) conformanceSkipped.add(relative(process.cwd(), module.moduleId));
        }
      }
    }
    if (!RUN_CONFORMANCE && conformanceSkipped.size > 0) {
      process.stdout.write(
        `\nSkipped the conformance suites of ${[...conformanceSkipped].sort().join(", ")}: no upstream CRDs at ${UPSTREAM_CRDS}. Run them with UPSTREAM_CRDS=<folder of upstream CRD files> npm test.\n`,
      );
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }
}
