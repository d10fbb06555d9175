import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../lib/errors";
import { parseYamlMapping } from "../lib/yaml-source";
import { isRecord } from "./objects";

/**
 * The kubeconfig context an environment names in `cluster.context` of
 * `environments/<env>.yaml`, following `extends:` to the file it inherits from.
 */
export function contextOfEnvironment(root: string, env: string): string {
  const seen = new Set<string>();
  for (let name = env; ; ) {
    const file = path.join("environments", `${name}.yaml`);
    if (seen.has(name)) throw new UserError(`environment "${env}": extends forms a cycle through "${name}"`, { file });
    seen.add(name);
    if (!existsSync(path.join(root, file))) {
      throw new UserError(`environment "${env}": ${file} does not exist; pass --context to name the kubeconfig context`);
    }
    const doc = parseYamlMapping(file, readFileSync(path.join(root, file), "utf8"));
    const value = doc.value as Record<string, unknown>;
    const cluster = value.cluster;
    if (isRecord(cluster) && cluster.context !== undefined) {
      if (typeof cluster.context !== "string" || cluster.context === "") {
        throw new UserError("cluster.context must be a non-empty string", { file, ...doc.locate(["cluster", "context"]), path: "cluster.context" });
      }
      return cluster.context;
    }
    if (typeof value.extends !== "string") {
      throw new UserError(`environment "${env}" names no cluster.context; set it in ${file} or pass --context`);
    }
    name = value.extends;
  }
}
