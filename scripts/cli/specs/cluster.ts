import { REPORT_FORMATS } from "../../cluster/report";
import type { CommandSpec } from "../spec";

const OPTIONS = {
  env: { type: "string", value: "NAME", complete: "environment", description: "the environment whose generated/ manifests to check (required)" },
  argocd: { type: "boolean", description: "also include the environment's Argo CD objects (generated/argocd/<env>/)" },
  context: { type: "string", value: "NAME", description: "kubeconfig context (default: the environment's cluster.context, else its cluster name)" },
  kubeconfig: { type: "string", value: "FILE", complete: "file", description: "kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster)" },
  format: { type: "string", choices: REPORT_FORMATS, default: "human", description: "report format" },
  concurrency: { type: "string", value: "N", default: "16", description: "requests in flight" },
  "request-timeout": { type: "string", value: "SECONDS", default: "30", description: "timeout of each request" },
} as const;

export const CLUSTER_CHECK = {
  name: "cluster check",
  summary: "what the target cluster will make of the generated manifests (server-side dry run, quotas, GPUs, CRDs)",
  description: `Checks the environment's generated manifests against the live cluster before
Argo CD syncs them. Exit 1 when the check finds errors.`,
  options: OPTIONS,
} as const satisfies CommandSpec;

export const CLUSTER_DIFF = {
  name: "cluster diff",
  summary: "what a sync would change on the cluster, object by object",
  options: OPTIONS,
} as const satisfies CommandSpec;

export const CLUSTER = {
  name: "cluster",
  summary: "check a live cluster before Argo CD syncs (check, diff)",
  options: {},
  subcommands: [CLUSTER_CHECK, CLUSTER_DIFF],
} as const satisfies CommandSpec;
