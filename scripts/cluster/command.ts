import { UserError } from "../../environments/source/errors";
import { parseCommand, usageError } from "../lib/cli";
import { HelpRequested } from "../cli/parse";
import { commandHelp } from "../cli/help";
import { closest } from "../../environments/source/closest";
import { CLUSTER, CLUSTER_CHECK, CLUSTER_DIFF } from "../cli/specs/cluster";
import { loadEnvironment } from "../../environments/load-environment";
import { runCheck } from "./check";
import { runDiff } from "./diff";
import { selectContext } from "./kubeconfig";
import { loadGeneratedObjects } from "./manifests";
import { renderCheck, renderDiff, type ReportFormat } from "./report";
import { KubeTransport } from "./transport";

/** Attempts for reads and dry-runs when the server throttles, times out or drops the connection. */
const MAX_ATTEMPTS = 4;

export interface CommandIo {
  root: string;
  env: Record<string, string | undefined>;
  /** Where the pod's service account is mounted, for in-cluster config (default: the root of the file system). */
  serviceAccountRoot?: string;
}

export interface CommandResult {
  exitCode: number;
  output: string;
  /** Requests sent to the API server, retries included. */
  requests: number;
}

/** Runs `cluster check` or `cluster diff`; exit 1 when the check finds errors. */
export async function runClusterCommand(argv: string[], io: CommandIo): Promise<CommandResult> {
  const [subcommand, ...rest] = argv;
  if (subcommand === undefined || subcommand === "--help" || subcommand === "-h") throw new HelpRequested(commandHelp(CLUSTER));
  if (subcommand !== "check" && subcommand !== "diff") {
    const hint = closest(subcommand, ["check", "diff"]);
    throw usageError(CLUSTER, `expected "check" or "diff", not "${subcommand}"${hint ? ` (did you mean ${hint}?)` : ""}`);
  }
  const spec = subcommand === "check" ? CLUSTER_CHECK : CLUSTER_DIFF;
  const { values } = parseCommand(spec, rest);
  if (!values.env) throw usageError(spec, "--env is required");
  const format = values.format as ReportFormat;
  const concurrency = positiveNumber(subcommand, "--concurrency", values.concurrency, true);
  const timeoutSeconds = positiveNumber(subcommand, "--request-timeout", values["request-timeout"], false);

  const generated = await loadGeneratedObjects(io.root, values.env, values.argocd);
  const context = values.context ?? contextOfEnvironment(io.root, values.env);
  const target = selectContext(context, { kubeconfigFlag: values.kubeconfig, env: io.env, serviceAccountRoot: io.serviceAccountRoot });
  const transport = new KubeTransport(target, { timeoutMs: timeoutSeconds * 1000, maxAttempts: MAX_ATTEMPTS });
  if (subcommand === "check") {
    const report = await runCheck(values.env, generated, transport, concurrency);
    const failed = report.findings.some((f) => f.severity === "error");
    return { exitCode: failed ? 1 : 0, output: renderCheck(report, format), requests: transport.requests };
  }
  const report = await runDiff(values.env, generated, transport, concurrency);
  return { exitCode: 0, output: renderDiff(report, format), requests: transport.requests };
}

/** The environment's `cluster.context` (inherited through `extends`), else its cluster name, as the schema documents. */
function contextOfEnvironment(root: string, env: string): string {
  const { cluster } = loadEnvironment(root, env);
  return cluster.context ?? cluster.name;
}

function positiveNumber(subcommand: string, flag: string, raw: string, integer: boolean): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UserError(`cluster ${subcommand}: ${flag} must be a positive ${integer ? "integer" : "number"}, got "${raw}"`);
  }
  return n;
}
