import { asArray, get, isObj, type Resource } from "../resources";
import { stringParam, type Path, type ResourceRule } from "../rule";
import { servingPredicate } from "../workloads";
import { imageReferenceProblem, judgeModelUri, versionProblem } from "../../../environments/format/model-reference";

/** Model URIs inside a command line or a variable (`--artifact-uri=models:/churn/3`, `s3://bucket/key`). */
const MODEL_URI = /(?:s3|gs|hf):\/\/[^\s'"=,;]+|models:\/[^\s'"=,;]+/g;

/**
 * Serving workloads load a model by a name that cannot move: the URI and the
 * version the pod template's annotations state, every model URI the init
 * containers are given (command, args, variables), and image volumes.
 */
export const modelPinned: ResourceRule = {
  perResource: (ctx) => {
    const isServing = servingPredicate(ctx);
    const uriAnnotation = stringParam(ctx, "uriAnnotation");
    const versionAnnotation = stringParam(ctx, "versionAnnotation");
    return (w) => {
      if (!w.podSpec || !w.podSpecPath || !isServing(w)) return;
      const what = `serving ${w.ref.kind} ${w.ref.name}`;
      const report = (path: Path, problem: string | undefined, subject: string) => {
        if (problem) ctx.report(w, path, `${what} ${subject} unpinned: ${problem}`);
      };
      const annotationsPath = [...w.podSpecPath.slice(0, -1), "metadata", "annotations"];
      const annotations = get(w.object, annotationsPath);
      if (isObj(annotations)) {
        const uri = annotations[uriAnnotation];
        if (typeof uri === "string") report([...annotationsPath, uriAnnotation], problemOf(uri), `loads model ${uri}`);
        const version = annotations[versionAnnotation];
        if (typeof version === "string") report([...annotationsPath, versionAnnotation], versionProblem(version), `loads model version ${version}`);
      }
      for (const c of w.containers.filter((c) => c.list === "initContainers")) {
        for (const [path, text] of strings(c.value, c.path)) {
          for (const uri of text.match(MODEL_URI) ?? []) report(path, problemOf(uri), `pulls model ${uri} in init container ${c.name}`);
        }
      }
      asArray(w.podSpec.volumes).forEach((volume, i) => {
        const reference = get(volume, ["image", "reference"]);
        if (typeof reference === "string") report([...w.podSpecPath!, "volumes", i, "image", "reference"], imageReferenceProblem(reference), `mounts model image ${reference}`);
      });
    };
  },
};

function problemOf(uri: string): string | undefined {
  const verdict = judgeModelUri(uri);
  return "problem" in verdict ? verdict.problem : undefined;
}

/** The strings a container is started with: its command, args and plain variables, each with its path. */
function strings(container: Resource["containers"][number]["value"], at: Path): Array<[Path, string]> {
  const out: Array<[Path, string]> = [];
  for (const field of ["command", "args"] as const) {
    asArray(container[field]).forEach((v, i) => typeof v === "string" && out.push([[...at, field, i], v]));
  }
  asArray(container.env).forEach((v, i) => {
    const value = get(v, ["value"]);
    if (typeof value === "string") out.push([[...at, "env", i, "value"], value]);
  });
  return out;
}
