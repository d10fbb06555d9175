/**
 * A service's public entry: one host and path (the short form), or several
 * hosts with several paths each; its TLS certificate (issued by cert-manager,
 * or an existing Secret, possibly shared by several services and hosts), the
 * ingress class and annotations.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { FieldPath } from "../source/yaml-source";
import type { Fail } from "./checking";
import { checkEach } from "../source/errors";
import { Choice, Strict, StringMap } from "./primitives";

const HOST = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+[a-z]{2,63}$";
const Host = (description: string) => Type.String({ pattern: HOST, maxLength: 253, description });

const Path = Strict({
  path: Type.String({ pattern: "^/", description: "URL path, e.g. /api" }),
  pathType: Choice(["Prefix", "Exact", "ImplementationSpecific"] as const, { default: "Prefix", description: "how the path matches (default Prefix)" }),
});

const Rule = Strict({
  host: Host("host name, e.g. api.example.com"),
  paths: Type.Array(Path, { minItems: 1, default: [{ path: "/", pathType: "Prefix" }], description: "paths of the host routed to the service (default /)" }),
});

const Tls = Strict(
  {
    secretName: Type.Optional(
      Type.String({ minLength: 1, maxLength: 253, description: "Secret holding the certificate, in the service's namespace (default <service>-tls); services naming the same Secret share one certificate" }),
    ),
    hosts: Type.Optional(
      Type.Array(Type.String({ pattern: "^(\\*\\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+[a-z]{2,63}$", maxLength: 253 }), {
        minItems: 1,
        uniqueItems: true,
        description: "the certificate's hosts (its SANs, wildcards allowed); default the Ingress's hosts; must cover each of them",
      }),
    ),
    certManager: Type.Boolean({
      default: true,
      description: "cert-manager issues the certificate (the environment's clusterIssuer); false uses an existing Secret as it is",
    }),
  },
  { default: {}, description: "the Ingress's TLS certificate" },
);

export const Ingress = Strict(
  {
    host: Type.Optional(Host("host name (the short form for one host; or give rules)")),
    path: Type.String({ pattern: "^/", default: "/", description: "path on host, matched as a prefix" }),
    rules: Type.Optional(Type.Array(Rule, { minItems: 1, description: "several hosts, each with its paths (instead of host and path)" })),
    ingressClassName: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: "ingress class of this service (default: the environment's ingress.className)" })),
    tls: Tls,
    annotations: StringMap("extra Ingress annotations, e.g. rate limits"),
  },
  { description: "public entry through the ingress controller, with TLS" },
);

export type IngressConfig = Static<typeof Ingress>;

/** The routes of an Ingress: its rules, or the short form's one host and path. */
export function ingressRules(ingress: IngressConfig): Array<Static<typeof Rule>> {
  return ingress.rules ?? [{ host: ingress.host!, paths: [{ path: ingress.path, pathType: "Prefix" }] }];
}

/** The certificate's Secret and hosts, defaults applied. */
export function ingressTls(ingress: IngressConfig, service: string): { secretName: string; hosts: string[] } {
  return { secretName: ingress.tls.secretName ?? `${service}-tls`, hosts: ingress.tls.hosts ?? ingressRules(ingress).map((r) => r.host) };
}

const covers = (san: string, host: string) => san === host || (san.startsWith("*.") && host.endsWith(san.slice(1)) && !host.slice(0, -san.length + 1).includes("."));

interface Served {
  services: Array<{ name: string; namespace: string; ingress?: IngressConfig }>;
  at: (service: string, ...rest: FieldPath) => FieldPath;
}

/**
 * Across an environment's Ingresses: each route (host and path) is served
 * once; a certificate covers its Ingress's hosts, lives in its namespace, and
 * a shared one names the same hosts everywhere and is issued once.
 */
export function checkIngresses({ services, at }: Served, fail: Fail): void {
  const routes = new Map<string, string>();
  const secrets = new Map<string, { service: string; hosts: string[]; issuedBy?: string }>();
  // Each service's Ingress is checked even after another's failed; a first mistake stops its own (the rest reads what it refused).
  checkEach(services, ({ name, namespace, ingress }) => {
    if (!ingress) return;
    if (ingress.host === undefined && ingress.rules === undefined) fail(at(name, "ingress"), "give host (one host) or rules (several)");
    if (ingress.host !== undefined && ingress.rules !== undefined) fail(at(name, "ingress", "rules"), "give host (one host) or rules (several), not both");
    ingressRules(ingress).forEach((rule, i) => {
      for (const [j, { path }] of rule.paths.entries()) {
        const other = routes.get(`${rule.host}${path}`);
        const where = ingress.rules ? at(name, "ingress", "rules", i, "paths", j, "path") : at(name, "ingress", "host");
        if (other) fail(where, `host "${rule.host}"${path === "/" ? "" : ` path ${path}`} is already served by "${other}"`);
        routes.set(`${rule.host}${path}`, name);
      }
    });
    const tls = ingressTls(ingress, name);
    if (tls.secretName.includes("/")) {
      fail(at(name, "ingress", "tls", "secretName"), `an Ingress reads its TLS Secret from its own namespace (${namespace}); Kubernetes cannot reference "${tls.secretName}" in another: copy the Secret into ${namespace}, or let cert-manager issue it there`);
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(tls.secretName)) fail(at(name, "ingress", "tls", "secretName"), `"${tls.secretName}" is not a Secret name (lowercase letters, digits, '-' and '.')`);
    for (const rule of ingressRules(ingress)) {
      if (!tls.hosts.some((san) => covers(san, rule.host))) fail(at(name, "ingress", "tls", "hosts"), `the certificate does not cover host "${rule.host}"`);
    }
    const key = `${namespace}/${tls.secretName}`;
    const shared = secrets.get(key);
    if (!shared) {
      secrets.set(key, { service: name, hosts: tls.hosts, issuedBy: ingress.tls.certManager ? name : undefined });
      return;
    }
    if ([...shared.hosts].sort().join() !== [...tls.hosts].sort().join()) {
      fail(at(name, "ingress", "tls", "hosts"), `Secret "${tls.secretName}" is shared with "${shared.service}", whose certificate names ${shared.hosts.join(", ")}: list the same hosts (the certificate's SANs) on both`);
    }
    if (ingress.tls.certManager && shared.issuedBy) {
      fail(at(name, "ingress", "tls", "certManager"), `cert-manager already issues Secret "${tls.secretName}" for "${shared.issuedBy}": set certManager: false here so the shared certificate is issued once`);
    }
    if (ingress.tls.certManager) shared.issuedBy = name;
  });
}
