/**
 * Extra NetworkPolicy rules of a service, shaped like networking.k8s.io/v1's
 * (`ingress[].from`, `egress[].to`, `ports`), with two shorthands: a namespace
 * by name and a service of the environment by name. The namespace's
 * default-deny and the generated rules stay; these add to them.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { At, Report } from "./checking";
import { Choice, Dns, Strict } from "./primitives";

const CIDR_PATTERN = "^([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])$";

/**
 * An IPv4 CIDR. A host name here gets its own message (see _schema-validator.ts):
 * NetworkPolicies match addresses, never DNS names.
 */
export const Cidr = (description: string) => Type.String({ pattern: CIDR_PATTERN, description, hostNameMessage: true });

const LabelSelector = (description: string) =>
  Strict(
    {
      matchLabels: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 253 }), Type.String({ maxLength: 63 }), { description: "labels the objects must all carry" })),
      matchExpressions: Type.Optional(
        Type.Array(
          Strict({
            key: Type.String({ minLength: 1, maxLength: 253 }),
            operator: Choice(["In", "NotIn", "Exists", "DoesNotExist"] as const),
            values: Type.Optional(Type.Array(Type.String({ maxLength: 63 }))),
          }),
          { description: "set-based requirements, as Kubernetes label selectors write them" },
        ),
      ),
    },
    { description },
  );

const Peer = Strict(
  {
    namespaceSelector: Type.Optional(LabelSelector("namespaces whose labels match, e.g. { matchLabels: { team: ml-platform } }")),
    namespace: Type.Optional(Dns("one namespace by name (a namespaceSelector on kubernetes.io/metadata.name)")),
    podSelector: Type.Optional(LabelSelector("pods whose labels match (in the service's namespace unless a namespace is given), e.g. { matchLabels: { app: postgres } }")),
    service: Type.Optional(Dns("a service of this environment, in whichever namespace it runs", 45)),
    ipBlock: Type.Optional(
      Strict(
        {
          cidr: Cidr("IPv4 CIDR, e.g. 10.20.0.0/24"),
          except: Type.Optional(Type.Array(Cidr("IPv4 CIDR inside cidr to leave out"), { description: "ranges inside cidr to leave out" })),
        },
        { description: "addresses outside the cluster (NetworkPolicies cannot name DNS hosts)" },
      ),
    ),
    allowAll: Type.Optional(Type.Boolean({ description: "required with an empty selector ({}), which matches every pod or namespace: say it is meant" })),
  },
  { description: "a NetworkPolicy peer: selectors, a namespace or service by name, or an ipBlock" },
);

const PolicyPort = Strict({
  port: Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.String({ pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 15 })], {
    description: "a port number or a named container port",
  }),
  protocol: Type.Optional(Choice(["TCP", "UDP", "SCTP"] as const, { description: "default TCP" })),
  endPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: "last port of a range starting at port" })),
});

const Ports = (description: string) => Type.Optional(Type.Array(PolicyPort, { minItems: 1, description }));

export const NetworkPolicyRules = Strict(
  {
    ingress: Type.Optional(
      Type.Array(Strict({ from: Type.Array(Peer, { minItems: 1 }), ports: Ports("ports callers may reach (default: the service's http port)") }), {
        description: "more callers allowed in, beside the services that depend on this one, the ingress controller and monitoring",
      }),
    ),
    egress: Type.Optional(
      Type.Array(Strict({ to: Type.Array(Peer, { minItems: 1 }), ports: Ports("ports it may reach (default: a service peer's port; otherwise every port, as Kubernetes)") }), {
        description: "more destinations allowed out, beside the declared dependencies and DNS",
      }),
    ),
  },
  { description: "extra NetworkPolicy rules, as networking.k8s.io/v1 writes them; the default-deny stays" },
);

export type NetworkPeer = Static<typeof Peer>;
type Selector = NonNullable<NetworkPeer["podSelector"]>;

/** A selector with no requirement matches everything. */
export const isEmptySelector = (s: Selector | undefined) => s !== undefined && Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;

/** Each peer is one kind of thing, names what exists, and opens everything only when it says so. */
export function checkNetworkPolicyRules(rules: Static<typeof NetworkPolicyRules> | undefined, services: ReadonlySet<string>, at: At, report: Report): void {
  if (!rules) return;
  const check = (peer: NetworkPeer, path: Array<string | number>) => {
    const here = (...rest: Array<string | number>) => at("networkPolicy", ...path, ...rest);
    const selects = peer.namespaceSelector !== undefined || peer.namespace !== undefined || peer.podSelector !== undefined;
    const forms = [selects, peer.service !== undefined, peer.ipBlock !== undefined].filter(Boolean).length;
    if (forms === 0) report(here(), "a peer needs namespaceSelector, namespace, podSelector, service or ipBlock");
    if (forms > 1) report(here(), "a peer is selectors, a service or an ipBlock, not several: write them as separate peers");
    if (peer.namespace !== undefined && peer.namespaceSelector !== undefined) report(here("namespace"), "give namespace or namespaceSelector, not both");
    if (peer.service !== undefined && !services.has(peer.service)) report(here("service"), `service "${peer.service}" does not exist in this environment`);
    const empty = (["namespaceSelector", "podSelector"] as const).find((key) => isEmptySelector(peer[key]));
    if (empty && peer.allowAll !== true) {
      report(here(empty), `an empty ${empty} matches every ${empty === "podSelector" ? "pod" : "namespace"}: add matchLabels, or write allowAll: true if that is meant`);
    }
    if (peer.allowAll === true && !empty) report(here("allowAll"), "allowAll only confirms an empty selector, and this peer has none");
  };
  rules.ingress?.forEach((rule, i) => rule.from.forEach((peer, j) => check(peer, ["ingress", i, "from", j])));
  rules.egress?.forEach((rule, i) => rule.to.forEach((peer, j) => check(peer, ["egress", i, "to", j])));
}
