/** Shared shapes of the policy engine: policies, resources, findings, reports. */
import type { FieldPath } from "../../environments/source/yaml-source";

export type Severity = "error" | "warning" | "info";
export type SeverityOrOff = Severity | "off";

export type ToolName = "polaris" | "kube-score" | "kube-linter";

interface ParameterSpec {
  default: unknown;
  description: string;
}

/** A JSON Schema check evaluated with ajv against one target of each matching object. */
export interface SchemaCheck {
  /** object: the whole manifest; podSpec: the pod spec of a workload; container: each container. */
  target: "object" | "podSpec" | "container";
  /** For container targets: which container lists (default containers and initContainers). */
  containerLists?: Array<"containers" | "initContainers" | "ephemeralContainers">;
  /** For container targets: validate `{container, pod}` so the schema can see pod-level defaults. */
  withPod?: boolean;
  /**
   * With `withPod`: also validate `annotation`, the pod's annotation named this prefix followed by the
   * container's name (per-container settings made by annotation, such as AppArmor's before its field).
   */
  containerAnnotation?: string;
  /** Field reported (relative to the target), else derived from the first schema error. */
  path?: string;
  /** Finding message; `{{container}}`, `{{kind}}`, `{{name}}` and parameters are substituted. */
  message: string;
  schema: Record<string, unknown>;
}

/** What a report says about each policy it ran (SARIF rules, JUnit suites). */
export interface PolicyInfo {
  id: string;
  title: string;
  category: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  docs: string;
}

export interface Policy extends PolicyInfo {
  kinds: string[];
  parameters: Record<string, ParameterSpec>;
  equivalents: Partial<Record<ToolName, string[]>>;
  check?: SchemaCheck;
  rule?: string;
  file: string;
}

/** One manifest as handed to the engine. */
export interface ManifestInput {
  file: string;
  /** Document index in the file. */
  index: number;
  object: Record<string, unknown>;
  /** File text when available, for line lookup. */
  text?: string;
  /** The text is plain block YAML (the fast parser read it), so lines are found without re-parsing it. */
  blockYaml?: boolean;
  /** Where the object sits in its document when it is an item of a `List`. */
  pathPrefix?: Array<string | number>;
}

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface Finding {
  policy: string;
  severity: Severity;
  message: string;
  resource: ResourceRef;
  environment?: string;
  file: string;
  index: number;
  /** Path of the offending field inside the document. */
  path: Array<string | number>;
  line?: number;
  column?: number;
  /** Set on waived findings: why, and by whom. */
  waivedBy?: { source: "waiver" | "annotation"; reason: string; owner?: string };
}

export interface WaiverTarget {
  environment?: string;
  namespace?: string;
  kind?: string;
  name?: string;
}

export interface Waiver {
  policy: string;
  target: WaiverTarget;
  reason: string;
  owner: string;
  expires: string;
  file: string;
  line: number;
}

/** A waiver or an in-manifest annotation exemption that silenced findings. */
export interface WaiverUse {
  source: "waiver" | "annotation";
  policy: string;
  target: WaiverTarget;
  reason: string;
  owner?: string;
  expires?: string;
  file: string;
  line?: number;
  findings: number;
}

export interface Report {
  findings: Finding[];
  waived: Finding[];
  waivers: WaiverUse[];
  policies: PolicyInfo[];
  resources: number;
  unvalidated: ResourceRef[];
  summary: Record<Severity, number>;
}

export type { FieldPath };
