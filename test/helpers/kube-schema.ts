/** Validates a core Kubernetes object with the kubernetes-models validators (generated from the OpenAPI spec). */
export async function kubernetesSchemaErrors(object: { apiVersion: string; kind: string }): Promise<string | undefined> {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const specifier = `kubernetes-models/${group ? `${group}/` : ""}${version}/${object.kind}`;
  const module = await import(/* @vite-ignore */ specifier);
  const Model = module[object.kind] ?? module.default;
  try {
    new Model(object).validate();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
