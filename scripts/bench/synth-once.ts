// One measured synth in a fresh process, so peak RSS belongs to this run alone.
// usage: bun scripts/bench/synth-once.ts ROOT full|serving
// Prints one JSON line: { seconds, renderSeconds, manifests, peakRssMiB }.
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { loadEnvironments, synthesizeEnvironment } from "../lib/synth/pipeline";
import { OutputTransaction } from "../lib/output/transaction";

const [root, mode] = process.argv.slice(2) as [string, "full" | "serving"];
const started = performance.now();
// A new folder for every run, so each pays for writing every file (and none for deleting another's).
const out = mkdtempSync(join(root, `bench-output-${mode}-`));
let manifests = 0;
let renderMs = 0;
for (const env of loadEnvironments(root)) {
  const rendering = performance.now();
  const folders = synthesizeEnvironment(env, { operations: mode === "full" });
  renderMs += performance.now() - rendering;
  const transaction = new OutputTransaction(out);
  for (const folder of folders) {
    await transaction.replace(folder.folder, folder.files);
    manifests += folder.files.size;
  }
  transaction.commit();
  Bun.gc(true);
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, renderSeconds: renderMs / 1000, manifests, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
