// One measured synth in a fresh process, so peak RSS belongs to this run alone.
// usage: bun scripts/bench/synth-once.ts ROOT full|serving
// Prints one JSON line: { seconds, manifests, peakRssMiB }.
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { loadEnvironments, synthesizeEnvironment } from "../lib/synth/pipeline";
import { replaceDirectory } from "../lib/output/atomic-dir";

const [root, mode] = process.argv.slice(2) as [string, "full" | "serving"];
const started = performance.now();
const out = join(root, mode === "full" ? "generated" : "generated-serving");
mkdirSync(out, { recursive: true });
let manifests = 0;
for (const env of loadEnvironments(root)) {
  for (const folder of synthesizeEnvironment(env, { operations: mode === "full" })) {
    mkdirSync(join(out, folder.folder, ".."), { recursive: true });
    replaceDirectory(join(out, folder.folder, ".."), folder.folder.split("/").pop()!, folder.files);
    manifests += folder.files.size;
  }
  Bun.gc(true);
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, manifests, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
