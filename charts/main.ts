// The cdk8s app entry point (`cdk8s synth`, see cdk8s.yaml): every environment
// as one chart and its Argo CD objects as another, written by cdk8s itself to
// CDK8S_OUTDIR (default dist/): the objects `synth` writes to generated/.
import { App } from "cdk8s";
import { EnvironmentChart } from "./environment-chart";
import { ArgoCdChart, groupKinds } from "./delivery/argocd-chart";
import { UserError, errorLines } from "../environments/source/errors";
import { loadAllChartEnvironments } from "./load-environment";

const root = process.env.GITOPS_FORGE_ROOT ?? process.cwd();
try {
  const app = new App();
  // Every environment is read and checked before any chart is built, each mistake reported as synth reports it.
  for (const env of loadAllChartEnvironments(root)) {
    const chart = new EnvironmentChart(app, env);
    // The AppProject admits exactly the kinds the environment's chart holds, as synth's does.
    new ArgoCdChart(app, env, groupKinds(chart.objects));
  }
  app.synth();
} catch (err) {
  if (!(err instanceof UserError)) throw err;
  process.stderr.write(errorLines(err).map((line) => `${line}\n`).join(""));
  process.exit(err.exitCode);
}
