import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutputTransaction, recoverOutput } from "../../scripts/lib/output/transaction";
import { readTree } from "../../scripts/lib/output/tree";
import { removeScratch } from "../helpers/repo";

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

// Killed runs and simultaneous runs are in test/reliability (kill.test.ts, concurrency.test.ts).
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
