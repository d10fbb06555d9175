import type { KubeConfig } from "@kubernetes/client-node";
import { UserError } from "../../environments/source/errors";
import { isRecord, listOf } from "./objects";
import type { ClusterTarget } from "./kubeconfig";

/** A Kubernetes `Status` object, as the API server returns it for failures. */
export interface KubeStatus {
  kind: "Status";
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

export type ApplyOutcome =
  | { ok: true; object: unknown; warnings: string[] }
  | { ok: false; status: KubeStatus; warnings: string[] };

export interface TransportOptions {
  timeoutMs: number;
  /** Attempts for requests that are safe to repeat (reads and dry-runs). */
  maxAttempts: number;
}

const FIELD_MANAGER = "gitops-forge";

const TLS_ERROR_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** Still there after the retries: the cluster cannot answer now (a 500 from a failing webhook is about the object). */
const CLUSTER_BUSY_STATUS = new Set([429, 502, 503, 504]);
const MAX_RETRY_AFTER_SECONDS = 10;
const LIST_PAGE_SIZE = 500;

/** A failure that ends the command: one sentence naming the context and the operation. */
class ClusterAccessError extends UserError {}

/**
 * Talks to the API server with the kubeconfig's credentials (token, client
 * certificate, exec plugin) as the Kubernetes client computes them. The request
 * itself goes through Bun's fetch: on Bun the client's own undici dispatcher
 * is ignored, which would silently drop the cluster's CA and client certificate.
 * Only GETs and `dryRun=All` patches exist here: this tool never writes.
 */
export class KubeTransport {
  /** Requests sent, retries included. */
  requests = 0;
  private readonly kc: KubeConfig;

  constructor(
    readonly target: ClusterTarget,
    private readonly options: TransportOptions,
  ) {
    this.kc = target.kubeConfig;
  }

  /** GET `path` (`operation` is an imperative phrase, "list nodes", that errors quote); undefined when the object does not exist (404). */
  async read(path: string, operation: string): Promise<unknown> {
    const res = await this.send("GET", path, operation);
    if (res.status === 404) return undefined;
    if (res.status >= 200 && res.status < 300) return res.json;
    throw this.failure(operation, res.status, res.json);
  }

  /**
   * Every item of a collection, page by page (`limit`/`continue`), so a large
   * cluster's pods never come back as one response bigger than the timeout allows.
   */
  async list(path: string, operation: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const separator = path.includes("?") ? "&" : "?";
    let token: string | undefined;
    do {
      const page = await this.read(`${path}${separator}limit=${LIST_PAGE_SIZE}${token ? `&continue=${encodeURIComponent(token)}` : ""}`, operation);
      if (!isRecord(page)) break;
      items.push(...listOf(page.items));
      token = isRecord(page.metadata) && typeof page.metadata.continue === "string" && page.metadata.continue !== "" ? page.metadata.continue : undefined;
    } while (token);
    return items;
  }

  /** Server-side apply with `dryRun=All` as field manager gitops-forge, unknown fields refused. */
  async dryRunApply(path: string, object: unknown, operation: string): Promise<ApplyOutcome> {
    const query = `dryRun=All&fieldManager=${FIELD_MANAGER}&force=true&fieldValidation=Strict`;
    const res = await this.send("PATCH", `${path}?${query}`, operation, JSON.stringify(object));
    if (res.status >= 200 && res.status < 300) return { ok: true, object: res.json, warnings: res.warnings };
    const status = asStatus(res.json);
    // Answers about the cluster or the caller, not about the object, end the command.
    const aboutCluster = res.status === 401 || (res.status === 403 && isRbacDenial(status)) || CLUSTER_BUSY_STATUS.has(res.status);
    if (aboutCluster) throw this.failure(operation, res.status, res.json);
    return { ok: false, status: status ?? { kind: "Status", code: res.status, message: `HTTP ${res.status}` }, warnings: res.warnings };
  }

  private async send(method: "GET" | "PATCH", path: string, operation: string, body?: string) {
    const url = new URL(this.target.server + path);
    if (method !== "GET" && url.searchParams.get("dryRun") !== "All") {
      throw new Error(`refusing ${method} ${url.pathname} without dryRun=All`);
    }
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.options.maxAttempts;
      let res: Response;
      let text: string;
      try {
        res = await this.fetchOnce(method, url, body, operation);
        text = await res.text();
      } catch (err) {
        if (err instanceof ClusterAccessError) throw err;
        const reason = networkReason(err);
        if (reason.retryable && !last) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw this.networkFailure(operation, reason, attempt);
      }
      if (RETRYABLE_STATUS.has(res.status) && !last) {
        await sleep(retryDelayMs(res, attempt));
        continue;
      }
      return { status: res.status, json: parseJson(text), warnings: warningsOf(res) };
    }
  }

  private async fetchOnce(method: string, url: URL, body: string | undefined, operation: string): Promise<Response> {
    const tlsAndAuth: {
      headers?: Record<string, string>;
      ca?: Buffer;
      cert?: Buffer;
      key?: Buffer;
      rejectUnauthorized?: boolean;
      servername?: string;
      auth?: string;
    } = {};
    try {
      await this.kc.applyToHTTPSOptions(tlsAndAuth);
    } catch (err) {
      throw new ClusterAccessError(`context "${this.target.context}": cannot obtain credentials or connection settings while trying to ${operation}: ${credentialProblem(err)}`);
    }
    const headers: Record<string, string> = { ...tlsAndAuth.headers, Accept: "application/json" };
    if (tlsAndAuth.auth) headers.Authorization = `Basic ${Buffer.from(tlsAndAuth.auth).toString("base64")}`;
    if (body !== undefined) headers["Content-Type"] = "application/apply-patch+yaml";
    this.requests++;
    return fetch(url, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
      tls: {
        ca: tlsAndAuth.ca?.toString(),
        cert: tlsAndAuth.cert?.toString(),
        key: tlsAndAuth.key?.toString(),
        rejectUnauthorized: tlsAndAuth.rejectUnauthorized,
        serverName: tlsAndAuth.servername,
      },
    });
  }

  private failure(operation: string, code: number, json: unknown): UserError {
    const where = `context "${this.target.context}"`;
    const detail = asStatus(json)?.message ?? `HTTP ${code}`;
    switch (code) {
      case 401:
        return new ClusterAccessError(`${where}: the API server rejected the credentials (401 Unauthorized) while trying to ${operation}; they may have expired: log in again or refresh the token`);
      case 403:
        return new ClusterAccessError(`${where}: not allowed to ${operation} (403 Forbidden: ${detail}); grant the RBAC permission or use another context`);
      case 429:
        return new ClusterAccessError(`${where}: the API server kept throttling requests (429 Too Many Requests, API priority and fairness) while trying to ${operation} after ${this.options.maxAttempts} attempts; retry later or lower --concurrency`);
      default:
        return new ClusterAccessError(`${where}: the API server answered ${code} while trying to ${operation}: ${detail}`);
    }
  }

  private networkFailure(operation: string, reason: NetworkReason, attempts: number): UserError {
    const where = `context "${this.target.context}"`;
    const server = this.target.server;
    switch (reason.kind) {
      case "tls":
        return new ClusterAccessError(`${where}: TLS verification of the API server at ${server} failed while trying to ${operation} (${reason.detail}); check certificate-authority-data and the server name in the kubeconfig`);
      case "timeout":
        return new ClusterAccessError(`${where}: the API server at ${server} did not answer within ${this.options.timeoutMs / 1000}s while trying to ${operation} (${attempts} attempts); check the network or raise --request-timeout`);
      default:
        return new ClusterAccessError(`${where}: cannot reach the API server at ${server} while trying to ${operation} (${reason.detail}, ${attempts} attempts)`);
    }
  }
}

/** Why the kubeconfig's credentials could not be prepared, without echoing a plugin's output (it may hold a token). */
function credentialProblem(err: unknown): string {
  if (err instanceof SyntaxError) return "the credential plugin's output is not an ExecCredential JSON object";
  const message = err instanceof Error ? err.message.trim().split("\n")[0] : String(err);
  return message || "the credential plugin failed without saying why";
}

interface NetworkReason {
  kind: "tls" | "timeout" | "unreachable";
  detail: string;
  retryable: boolean;
}

function networkReason(err: unknown): NetworkReason {
  const e = err as { name?: string; code?: string; message?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return { kind: "timeout", detail: "timeout", retryable: true };
  if (e?.code && TLS_ERROR_CODES.has(e.code)) return { kind: "tls", detail: e.message?.split(".")[0] ?? e.code, retryable: false };
  return { kind: "unreachable", detail: e?.code ?? e?.message?.split(".")[0] ?? String(err), retryable: true };
}

/** RBAC denials say "User ... cannot <verb> resource"; admission denials (also 403) are findings. */
function isRbacDenial(status: KubeStatus | undefined): boolean {
  return /\bcannot [a-z]+ resource\b/.test(status?.message ?? "");
}

function retryDelayMs(res: Response, attempt: number): number {
  const header = Number(res.headers.get("retry-after"));
  if (res.status === 429 && Number.isFinite(header) && header >= 0) return Math.min(header, MAX_RETRY_AFTER_SECONDS) * 1000;
  return backoffMs(attempt);
}

function backoffMs(attempt: number): number {
  return 200 * 2 ** (attempt - 1);
}

function warningsOf(res: Response): string[] {
  // `Warning: 299 - "message"`; several warnings arrive comma-joined.
  const raw = res.headers.get("warning");
  if (!raw) return [];
  return [...raw.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1"));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asStatus(json: unknown): KubeStatus | undefined {
  return isRecord(json) && json.kind === "Status" ? (json as unknown as KubeStatus) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
