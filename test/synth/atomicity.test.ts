import { afterEach, describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutputTransaction, recoverOutput } from "../../scripts/lib/output/transaction";
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

async function writeAll(root: string, folders: Record<string, Map<string, string>>, options = {}) {
  const transaction = new OutputTransaction(root, options);
  try {
    for (const [folder, files] of Object.entries(folders)) await transaction.replace(folder, files);
  } catch (err) {
    transaction.abort();
    throw err;
  }
  transaction.commit();
}

describe("OutputTransaction", () => {
  it("leaves every folder untouched when a write fails midway", async () => {
    const root = tempDir();
    const before = { env: tree({ "a/one.yaml": "one\n", "a/two.yaml": "two\n" }), "argocd/env": tree({ "app.yaml": "app\n" }) };
    await writeAll(root, before);
    let writes = 0;
    const failing = (path: string, text: string) => {
      if (++writes === 3) throw new Error("disk full");
      writeFileSync(path, text);
    };
    const after = { env: tree({ "a/one.yaml": "ONE\n", "a/two.yaml": "TWO\n" }), "argocd/env": tree({ "app.yaml": "APP\n" }) };
    await expect(writeAll(root, after, { writeFile: failing })).rejects.toThrow("disk full");
    expect(readTree(join(root, "env"))).toEqual(before.env);
    expect(readTree(join(root, "argocd/env"))).toEqual(before["argocd/env"]);
    expect(readdirSync(root).sort()).toEqual(["argocd", "env"]);
  });

  it("hard-links unchanged files instead of rewriting them, and prunes the rest", async () => {
    const root = tempDir();
    await writeAll(root, { env: tree({ "keep.yaml": "same\n", "drop.yaml": "x\n" }) });
    const written: string[] = [];
    const transaction = new OutputTransaction(root, {
      writeFile: (path: string, text: string) => {
        written.push(path.slice(path.lastIndexOf("/") + 1));
        writeFileSync(path, text);
      },
    });
    const changes = await transaction.replace("env", tree({ "keep.yaml": "same\n", "new.yaml": "y\n" }));
    transaction.commit();
    expect(written).toEqual(["new.yaml"]);
    expect(changes).toEqual({ added: ["new.yaml"], changed: [], removed: ["drop.yaml"] });
    expect([...readTree(join(root, "env")).keys()]).toEqual(["keep.yaml", "new.yaml"]);
  });

  it("drops an uncommitted run and the leftovers of the one-folder layout", async () => {
    const root = tempDir();
    await writeAll(root, { env: tree({ "x.yaml": "old\n" }) });
    const transaction = new OutputTransaction(root);
    await transaction.replace("env", tree({ "x.yaml": "new\n" }));
    renameSync(join(root, "env"), join(root, ".gitops-forge-old-env"));
    mkdirSync(join(root, ".gitops-forge-stage-env"));
    recoverOutput(root);
    expect(readTree(join(root, "env"))).toEqual(tree({ "x.yaml": "old\n" }));
    expect(readdirSync(root)).toEqual(["env"]);
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
      recoverOutput(join(root, "generated"));
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
      expect(existsSync(join(root, "generated/.gitops-forge-transaction"))).toBe(false);
    }
    expect(sawOld).toBeGreaterThan(0);
  });
});
