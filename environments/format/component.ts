/**
 * What a service is. Model servers (the default) get a model cache and are
 * held to the model-serving policies (autoscaling, ServiceMonitor, alerts);
 * a web frontend or an API gateway gets the same hardening, its own label
 * (`app.kubernetes.io/component`) and neither.
 */
import { Dns } from "./primitives";

export const MODEL_SERVING = "model-serving";

export const Component = Dns(
  "app.kubernetes.io/component of the service, e.g. frontend or api-gateway; only model-serving gets a model cache and the model-serving policies",
  63,
  MODEL_SERVING,
);
