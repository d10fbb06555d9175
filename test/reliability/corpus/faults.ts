import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { describeFailure } from "../../../scripts/lib/cli";
import { LOCK_FILE, withOutputLock } from "../../../scripts/lib/output/output-lock";
import { OutputTransaction, TRANSACTION_DIR } from "../../../scripts/lib/output/transaction";
import { readTree } from "../../../scripts/lib/output/tree";
import { bindReadOnly, expectNoLeftovers, mountTmpfs, track, runInProcess, runSpawned, snapshot, type Expected, type Outcome } from "../harness";
import { scratchRepo as untrackedScratchRepo } from "../../helpers/repo";

export interface FaultCase extends Expected {
  name: string;
  /** Needs to mount a file system (skipped where that is not allowed). */
  mounts?: boolean;
  run: () => Promise<Outcome>;
  after?: () => void;
}

const scratchRepo = () => track(untrackedScratchRepo());
const synth = (root: string, ...args: string[]) => runInProcess("synth", ["--root", root, "--no-validate", ...args]);

/** A change to base.yaml that rewrites every environment's manifests and Argo CD objects. */
function changeEverything(root: string): void {
  const base = join(root, "environments/base.yaml");
  writeFileSync(base, readFileSync(base, "utf8").replace('tag: "2.3.1"', 'tag: "2.3.2"').replace("targetRevision: main", "targetRevision: release"));
}

/** A change to every environment synthesized while `folder` is mounted read-only; generated/ must stay as it was. */
async function synthUnderReadOnly(folder: string) {
  const { root, unchanged } = await preparedRepo();
  const undo = bindReadOnly(join(root, folder));
  if (!undo) return SKIPPED;
  changeEverything(root);
  try {
    return await synth(root);
  } finally {
    undo();
    unchanged();
  }
}

/**
 * A repository with generated/ synthesized, its tree as it was, and what a
 * fault test must find afterwards: generated/ byte-identical to before, and
 * nothing left once the next run recovered.
 */
async function preparedRepo(root = scratchRepo()): Promise<{ root: string; before: Map<string, string>; unchanged: () => void }> {
  expect((await synth(root)).code).toBe(0);
  const before = snapshot(root);
  return {
    root,
    before,
    unchanged: () => {
      expect(snapshot(root)).toEqual(before);
      expectNoLeftovers(root);
    },
  };
}

/** Mounting is allowed here (root with CAP_SYS_ADMIN, as in CI containers): faults of a real file system can be made. */
export const CAN_MOUNT = (() => {
  const probe = mountTmpfs("size=64k");
  probe?.unmount();
  return probe !== undefined;
})();

/** Never returned where CAN_MOUNT holds; the cases that need mounts are skipped elsewhere. */
const SKIPPED: Outcome = { code: -1, lines: ["mounting is not allowed"] };

const lockCases = (): FaultCase[] => [
  {
    name: "a lock left by a killed run (dead pid) is taken over",
    code: 0,
    run: async () => {
      const { root } = await preparedRepo();
      writeFileSync(join(root, "generated", LOCK_FILE), "999999999\n");
      changeEverything(root);
      const outcome = await synth(root);
      expect(existsSync(join(root, "generated", LOCK_FILE))).toBe(false);
      return outcome;
    },
  },
  {
    name: "a lock held by a live process: 'another synth is running (pid N)' after the wait",
    run: async () => {
      const { root } = await preparedRepo();
      const holder = Bun.spawn(["sleep", "30"]);
      writeFileSync(join(root, "generated", LOCK_FILE), `${holder.pid}\n`);
      try {
        await withOutputLock(join(root, "generated"), "generated", async () => 0, { waitMs: 300 });
        return { code: 0, lines: [] };
      } catch (err) {
        return describeFailure(err);
      } finally {
        holder.kill();
      }
    },
    message: /another synth is running \(pid \d+\)/,
  },
  {
    name: "an empty lock file (its owner killed while writing it) is taken over once old",
    code: 0,
    run: async () => {
      const { root } = await preparedRepo();
      const lock = join(root, "generated", LOCK_FILE);
      writeFileSync(lock, "");
      const old = new Date(Date.now() - 60_000);
      Bun.spawnSync(["touch", "-d", old.toISOString(), lock]);
      return synth(root);
    },
  },
];

const recoveryCases = (): FaultCase[] => [
  {
    name: "an uncommitted run's staging folder is dropped by the next run",
    code: 0,
    run: async () => {
      const { root, unchanged } = await preparedRepo();
      mkdirSync(join(root, "generated", TRANSACTION_DIR, "stage/0/ml"), { recursive: true });
      writeFileSync(join(root, "generated", TRANSACTION_DIR, "stage/0/ml/half.yaml"), "apiVer");
      const outcome = await synth(root);
      unchanged();
      return outcome;
    },
  },
  {
    name: "a committed run killed between two swaps is finished by the next run",
    code: 0,
    run: async () => {
      const { root } = await preparedRepo();
      changeEverything(root);
      const expected = scratchRepo();
      writeFileSync(join(expected, "environments/base.yaml"), readFileSync(join(root, "environments/base.yaml")));
      expect((await synth(expected)).code).toBe(0);
      // Stage the new generation by hand, commit, and stop after the first swap, as a kill would.
      const out = join(root, "generated");
      const transaction = new OutputTransaction(out);
      for (const folder of ["dev", "argocd/dev", "staging"]) await transaction.replace(folder, readTree(join(expected, "generated", folder)));
      const dir = join(out, TRANSACTION_DIR);
      writeFileSync(join(dir, "commit.json"), JSON.stringify(["dev", "argocd/dev", "staging"].map((folder) => ({ folder, staged: true }))));
      mkdirSync(join(dir, "old"));
      renameSync(join(out, "dev"), join(dir, "old/0"));
      renameSync(join(dir, "stage/0"), join(out, "dev"));
      const outcome = await synth(root, "--check");
      expect(outcome.code).toBe(1); // --check reads without repairing: argocd/dev and staging are still old
      const repaired = await synth(root);
      expect(snapshot(root)).toEqual(snapshot(expected));
      expectNoLeftovers(root);
      return repaired;
    },
  },
  {
    name: "leftovers of the one-folder-at-a-time layout are put back",
    code: 0,
    run: async () => {
      const { root, unchanged } = await preparedRepo();
      renameSync(join(root, "generated/dev"), join(root, "generated/.gitops-forge-old-dev"));
      mkdirSync(join(root, "generated/argocd/.gitops-forge-stage-dev"));
      const outcome = await synth(root);
      unchanged();
      return outcome;
    },
  },
];

const fileSystemCases = (): FaultCase[] => [
  {
    name: "generated/ is a file",
    run: async () => {
      const root = scratchRepo();
      writeFileSync(join(root, "generated"), "not a folder\n");
      return synth(root);
    },
    where: /^error: \S*generated: /,
  },
  {
    name: "generated/argocd is a file: nothing is swapped",
    run: async () => {
      const { root, before } = await preparedRepo();
      rmSync(join(root, "generated/argocd"), { recursive: true });
      writeFileSync(join(root, "generated/argocd"), "x\n");
      changeEverything(root);
      const outcome = await synth(root);
      before.forEach((text, path) => path.startsWith("argocd/") || expect(readFileSync(join(root, "generated", path), "utf8")).toBe(text));
      return outcome;
    },
    message: /generated\/argocd: (cannot write: is a file where a folder belongs|a part of the path is not a directory)/,
  },
  {
    name: "generated/dev is a file",
    run: async () => {
      const { root } = await preparedRepo();
      rmSync(join(root, "generated/dev"), { recursive: true });
      writeFileSync(join(root, "generated/dev"), "x\n");
      changeEverything(root);
      return synth(root);
    },
    message: /generated\/dev.*not a directory|is a file where a folder belongs/,
  },
  { name: "a read-only generated/", mounts: true, run: () => synthUnderReadOnly("generated"), message: /generated.*read-only file system/ },
  {
    name: "a read-only generated/argocd: no environment is half replaced",
    mounts: true,
    run: () => synthUnderReadOnly("generated/argocd"),
    message: /generated\/argocd.*read-only file system/,
  },
  {
    name: "a full disk while staging: generated/ untouched, nothing left behind",
    mounts: true,
    run: () =>
      onSmallDisk(async (disk, root, before) => {
        // Fill the disk, then leave a few kilobytes: enough for the lock, not for the new generation.
        Bun.spawnSync(["dd", "if=/dev/zero", `of=${join(disk.dir, "filler")}`, "bs=4k"], { stderr: "ignore" });
        rmSync(join(disk.dir, "filler"));
        Bun.spawnSync(["dd", "if=/dev/zero", `of=${join(disk.dir, "filler")}`, "bs=4k", `count=${Math.max(0, freeBlocks(disk.dir) - 8)}`], { stderr: "ignore" });
        const outcome = await synth(root);
        expect(snapshot(root)).toEqual(before);
        rmSync(join(disk.dir, "filler"));
        expectNoLeftovers(root);
        return outcome;
      }),
    message: /no space left on device/,
  },
  {
    name: "a read-only file system under the whole repository (spawned)",
    mounts: true,
    run: () =>
      onSmallDisk(async (disk, root, before) => {
        disk.remount("ro");
        const outcome = await runSpawned("synth", ["--root", root, "--no-validate"]);
        expect(snapshot(root)).toEqual(before);
        return outcome;
      }),
    message: /read-only file system/,
  },
];

/**
 * A repository on its own small tmpfs (room for the first generation and its
 * staged replacement, each ~1.2 MiB in 4 KiB blocks), synthesized once and
 * then changed everywhere; `fault` breaks the disk and runs synth. Skipped
 * where tmpfs cannot be mounted.
 */
async function onSmallDisk<T>(fault: (disk: NonNullable<ReturnType<typeof mountTmpfs>>, root: string, before: ReturnType<typeof snapshot>) => Promise<T>): Promise<T | typeof SKIPPED> {
  const disk = mountTmpfs("size=8m");
  if (!disk) return SKIPPED;
  try {
    const root = join(disk.dir, "repo");
    mkdirSync(root);
    Bun.spawnSync(["cp", "-r", join(scratchRepo(), "environments"), root]);
    const { before } = await preparedRepo(root);
    changeEverything(root);
    return await fault(disk, root, before);
  } finally {
    disk.unmount();
  }
}

function freeBlocks(dir: string): number {
  const df = Bun.spawnSync(["df", "-B4096", "--output=avail", dir]).stdout.toString().trim().split("\n");
  return Number(df[df.length - 1]);
}

/** Real processes, to see the real exit code and stderr of a failed synth. */
const spawnedCases = (): FaultCase[] => [
  {
    name: "synth with three mistakes exits 2 with three lines (spawned)",
    run: async () => {
      const root = scratchRepo();
      const dev = join(root, "environments/dev.yaml");
      writeFileSync(dev, readFileSync(dev, "utf8").replace("tier: development", "tier: nonsense").replace("count: 1 }", "count: 0 }") + "bogus: 1\n");
      return runSpawned("synth", ["--root", root, "--no-validate"]);
    },
    lines: 3,
    where: /^error: environments\/dev\.yaml:\d+:\d+ tier: /,
  },
];

/** Permission faults: root reads and writes anything, so these run the command as an unprivileged user. */
const permissionCases = (): FaultCase[] => [
  {
    name: "an unreadable environment file (spawned as an unprivileged user)",
    run: async () => {
      const root = scratchRepo();
      Bun.spawnSync(["chmod", "-R", "a+rX", root]);
      chmodSync(join(root, "environments/dev.yaml"), 0o000);
      return runSpawned("synth", ["--root", root, "--no-validate"], { unprivileged: true });
    },
    where: "environments/dev.yaml: ",
    message: /permission denied/,
  },
  {
    name: "a generated/ the user cannot write (spawned as an unprivileged user)",
    run: async () => {
      const { root, before } = await preparedRepo();
      Bun.spawnSync(["chmod", "-R", "a+rX", root]);
      changeEverything(root);
      const outcome = await runSpawned("synth", ["--root", root, "--no-validate"], { unprivileged: true });
      expect(snapshot(root)).toEqual(before);
      return outcome;
    },
    message: /generated.*permission denied/,
  },
];

export function faultCases(): FaultCase[] {
  return [...lockCases(), ...recoveryCases(), ...fileSystemCases(), ...permissionCases(), ...spawnedCases()];
}
