import { afterEach, describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recover, replaceDirectory } from "../../scripts/lib/output/atomic-dir";
import { readTree } from "../../scripts/lib/output/tree";
import { writeWorkload } from "../../scripts/bench/workload";
import { REPO_ROOT, removeScratch, runCommand } from "../helpers/repo";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "gitops-forge-atomic-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach(removeScratch));

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("replaceDirectory", () => {
  it("leaves the previous folder untouched when a write fails midway", async () => {
    const parent = tempDir();
    const before = tree({ "a/one.yaml": "one\n", "a/two.yaml": "two\n", "b/three.yaml": "three\n" });
    await replaceDirectory(parent, "env", before);
    let writes = 0;
    const failing = (path: string, text: string) => {
      if (++writes === 2) throw new Error("disk full");
      writeFileSync(path, text);
    };
    const after = tree({ "a/one.yaml": "ONE\n", "a/two.yaml": "TWO\n", "c/four.yaml": "four\n" });
    await expect(replaceDirectory(parent, "env", after, { writeFile: failing })).rejects.toThrow("disk full");
    expect(readTree(join(parent, "env"))).toEqual(before);
    expect(readdirSync(parent)).toEqual(["env"]);
  });

  it("hard-links unchanged files instead of rewriting them, and prunes the rest", async () => {
    const parent = tempDir();
    await replaceDirectory(parent, "env", tree({ "keep.yaml": "same\n", "drop.yaml": "x\n" }));
    const written: string[] = [];
    const changes = await replaceDirectory(parent, "env", tree({ "keep.yaml": "same\n", "new.yaml": "y\n" }), {
      writeFile: (path, text) => {
        written.push(path.slice(path.lastIndexOf("/") + 1));
        writeFileSync(path, text);
      },
    });
    expect(written).toEqual(["new.yaml"]);
    expect(changes).toEqual({ added: ["new.yaml"], changed: [], removed: ["drop.yaml"] });
    expect([...readTree(join(parent, "env")).keys()]).toEqual(["keep.yaml", "new.yaml"]);
  });

  it("recovers a folder a killed run had renamed aside", async () => {
    const parent = tempDir();
    await replaceDirectory(parent, "env", tree({ "x.yaml": "old\n" }));
    renameSync(join(parent, "env"), join(parent, ".gitops-forge-old-env"));
    mkdirSync(join(parent, ".gitops-forge-stage-env"));
    recover(parent);
    expect(readTree(join(parent, "env"))).toEqual(tree({ "x.yaml": "old\n" }));
    expect(readdirSync(parent)).toEqual(["env"]);
  });
});

describe("synth killed at any moment", () => {
  it("leaves each environment folder either as it was or as the new synth, never a mix", async () => {
    const root = tempDir();
    writeWorkload(root, 150);
    expect(runCommand("synth", ["--root", root]).code).toBe(0);
    const before = readTree(join(root, "generated/production"));
    // A new image tag for every service changes every Deployment.
    const base = join(root, "environments/base.yaml");
    writeFileSync(base, readFileSync(base, "utf8").replace(/tag: "1\.0\./g, 'tag: "2.0.'));
    const expected = tempDir();
    cpSync(join(root, "environments"), join(expected, "environments"), { recursive: true });
    runCommand("synth", ["--root", expected]);
    const after = readTree(join(expected, "generated/production"));
    expect(after).not.toEqual(before);

    let sawOld = 0;
    for (const delay of [50, 150, 250, 350, 450, 600]) {
      const proc = Bun.spawn([process.execPath, join(REPO_ROOT, "scripts/synth.ts"), "--root", root, "--env", "production"], { stdout: "ignore", stderr: "ignore" });
      await Bun.sleep(delay);
      proc.kill("SIGKILL");
      await proc.exited;
      recover(join(root, "generated"));
      const now = readTree(join(root, "generated/production"));
      const same = (other: Map<string, string>) => now.size === other.size && [...now].every(([p, t]) => other.get(p) === t);
      expect(same(before) || same(after)).toBe(true);
      if (same(before)) sawOld++;
      else {
        // Put the old state back so the next kill lands on a real rewrite again.
        rmSync(join(root, "generated/production"), { recursive: true });
        for (const [p, t] of before) {
          mkdirSync(join(root, "generated/production", p, ".."), { recursive: true });
          writeFileSync(join(root, "generated/production", p), t);
        }
      }
      expect(existsSync(join(root, "generated/.gitops-forge-stage-production"))).toBe(false);
    }
    expect(sawOld).toBeGreaterThan(0);
  });
});
