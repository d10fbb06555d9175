/**
 * Sidecar containers: a second process in the service's pod, most often the
 * Prometheus exporter of a server that serves no metrics itself (PostgreSQL's
 * postgres-exporter, Redis's redis_exporter, as Helm charts run them with
 * metrics.enabled). A sidecar has its own pinned image, named ports (a metrics
 * endpoint may name one), resources and variables, Secrets only by reference,
 * and the main container's hardening.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Dns, Strict } from "./primitives";
import { ContainerPorts } from "./ports";
import { ContainerEnv } from "./container-env";
import { Probes } from "./probes";

/** The service's probe fields; their shared schemas are defined once, under the service's `probes`. */
const { $defs: _defs, ...probeFields } = Probes;
const SidecarProbes = Type.Unsafe<Static<typeof Probes>>({
  ...probeFields,
  description: "the sidecar's probes: only those set, each with a handler on the sidecar's own ports",
});

/** What a sidecar shares with the service's container: the image, resources and Secret references of schema.ts. */
export interface SidecarSchemas<I extends TSchema, R extends TSchema, S extends TSchema> {
  image: I;
  resources: R;
  secretRef: S;
}

export function sidecarSchema<I extends TSchema, R extends TSchema, S extends TSchema>(c: SidecarSchemas<I, R, S>) {
  const Sidecar = Strict({
    name: Dns("container name, unique in the pod"),
    image: c.image,
    command: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: "the container's command (default: the image's entrypoint)" })),
    args: Type.Array(Type.String(), { default: [] }),
    ports: Type.Array(ContainerPorts.items, { default: [], description: "named container ports; the Service exposes each, a metricsEndpoints entry may scrape one" }),
    resources: c.resources,
    secrets: Type.Array(c.secretRef, { default: [], description: "values read from existing Secrets, as variables (env; not file)" }),
    containerEnv: Type.Optional(ContainerEnv),
    probes: Type.Optional(SidecarProbes),
  });
  return Type.Array(Sidecar, { minItems: 1, description: "more containers in each pod (e.g. a metrics exporter), hardened as the main container" });
}
