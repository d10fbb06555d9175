/**
 * Environment variables besides the generated ConfigMap (`env`) and the
 * Secret references (`secrets`): plain values set on the container itself,
 * which may build on earlier variables with `$(NAME)`, and whole ConfigMaps
 * and Secrets that already exist, by name. Secret values never appear.
 */
import { Type } from "@sinclair/typebox";
import { DNS_SUBDOMAIN, ENV_NAME, Strict } from "./primitives";

export const ObjectName = (description: string) => Type.String({ pattern: DNS_SUBDOMAIN, maxLength: 253, description });

const EnvVar = Strict({
  name: Type.String({ pattern: ENV_NAME, description: "an environment variable name (letters, digits, _)" }),
  value: Type.String({ maxLength: 65536, description: "value; $(NAME) is replaced by Kubernetes with a variable defined before it, $$( writes a literal $(" }),
});

export const ContainerEnv = Type.Array(EnvVar, {
  description: "variables set on the container in this order, after the Secret references: e.g. DATABASE_URL built from them with $(NAME)",
});

const EnvFromSource = Strict(
  {
    configMapRef: Type.Optional(Strict({ name: ObjectName("an existing ConfigMap in the namespace") })),
    secretRef: Type.Optional(Strict({ name: ObjectName("an existing Secret in the namespace") })),
    prefix: Type.Optional(Type.String({ pattern: ENV_NAME, description: "prefix added to every key" })),
  },
  { description: "every key of one existing ConfigMap or Secret (exactly one of configMapRef, secretRef)" },
);

export const EnvFrom = Type.Array(EnvFromSource, {
  description: "existing ConfigMaps and Secrets whose keys all become variables, after the generated ConfigMap",
});

export const ConfigMapName = ObjectName("name of the generated ConfigMap holding env (default: <service>-env)");

/** The variable holding a dependency's URL in the generated ConfigMap: `embeddings` -> EMBEDDINGS_URL. */
export function dependencyUrlVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, "_")}_URL`;
}
