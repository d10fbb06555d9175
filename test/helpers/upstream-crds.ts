import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "vitest";

const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** Set explicitly (as CI does), a missing folder fails the conformance suites instead of skipping them. */
const EXPLICIT = process.env.UPSTREAM_CRDS;

/**
 * The upstream CRDs the conformance suites compare generated custom resources
 * with: the folder named by UPSTREAM_CRDS, else ../shared/crds beside the
 * repository (never copied into it).
 */
export const UPSTREAM_CRDS = EXPLICIT ? resolve(EXPLICIT) : resolve(REPO_ROOT, "../shared/crds");

/** Whether the conformance suites run: the folder exists, or UPSTREAM_CRDS insists on it. */
export const RUN_CONFORMANCE = existsSync(UPSTREAM_CRDS) || EXPLICIT !== undefined;

/** The word every conformance suite's name carries, so the run's last lines can name what was skipped. */
export const CONFORMANCE_TAG = "[upstream CRDs]";

/**
 * A suite that needs the upstream CRDs: skipped where they are absent (a
 * user's fresh clone), run where they are, and failing with one clear line when
 * UPSTREAM_CRDS names a folder that does not exist.
 */
export function describeConformance(name: string, body: () => void): void {
  const title = `${name} ${CONFORMANCE_TAG}`;
  if (EXPLICIT !== undefined && !existsSync(UPSTREAM_CRDS)) {
    describe(title, () => {
      it("finds the upstream CRDs", () => {
        throw new Error(`UPSTREAM_CRDS=${EXPLICIT}: no such folder (${UPSTREAM_CRDS})`);
      });
    });
    return;
  }
  (RUN_CONFORMANCE ? describe : describe.skip)(title, body);
}

/** One test that needs the upstream CRDs, inside a suite that otherwise does not. */
export const itConformance = Object.assign(
  (name: string, body: () => unknown) => (RUN_CONFORMANCE ? it : it.skip)(`${name} ${CONFORMANCE_TAG}`, body),
  {
    each: <T extends unknown[]>(cases: readonly T[]) => (name: string, body: (...args: T) => unknown) =>
      (RUN_CONFORMANCE ? it : it.skip).each(cases as T[])(`${name} ${CONFORMANCE_TAG}`, body as never),
  },
);
