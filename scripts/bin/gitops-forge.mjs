#!/usr/bin/env node
// The `gitops-forge` bin. The commands run under Bun, which comes with the
// package as the `bun` npm dependency: under Node this re-runs them with that
// Bun (no global install needed); under Bun it runs them in place.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const entry = join(dirname(fileURLToPath(import.meta.url)), "..", "gitops-forge.ts");

if (process.versions.bun) {
  const { cli } = await import(entry);
  await cli(process.argv.slice(2));
} else {
  const require = createRequire(import.meta.url);
  const bunPackage = require.resolve("bun/package.json");
  const bun = join(dirname(bunPackage), JSON.parse(readFileSync(bunPackage, "utf8")).bin.bun);
  const child = spawn(bun, [entry, ...process.argv.slice(2)], { stdio: "inherit" });
  // The terminal sends Ctrl-C to both; forwarding other signals keeps `kill` working.
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  process.on("SIGINT", () => {});
  child.on("exit", (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
  child.on("error", (err) => {
    process.stderr.write(`error: cannot start Bun (${bun}): ${err.message}\n`);
    process.exit(70);
  });
}
