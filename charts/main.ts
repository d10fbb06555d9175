// The cdk8s app entry point (`cdk8s synth`, see cdk8s.yaml): every environment
// as one chart, written by cdk8s itself to CDK8S_OUTDIR (default dist/).
import { App } from "cdk8s";
import { EnvironmentChart } from "./environment-chart";
import { listEnvironments } from "../environments/load-environment";
import { loadChartEnvironment } from "./load-environment";

const root = process.env.GITOPS_FORGE_ROOT ?? process.cwd();
const app = new App();
for (const name of listEnvironments(root)) new EnvironmentChart(app, loadChartEnvironment(root, name));
app.synth();
