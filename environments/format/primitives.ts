/**
 * The building blocks of the environment format's schemas (schema.ts and the
 * sub-schemas beside this file): names, quantities, durations, ports.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";

/** Object names and file paths come from these: RFC 1123 labels, nothing that can escape a folder. */
export const DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
export const Dns = (description: string, maxLength = 63, dflt?: string) =>
  Type.String({ pattern: DNS_LABEL, maxLength, description, ...(dflt ? { default: dflt } : {}) });
/** Service names get suffixes (`-config`, `-egress`), so they stay shorter than a label. */
export const ServiceName = Dns("service name (DNS-1123 label)", 45);
/** No real quantity needs more than a few digits; hundreds of them overflow to Infinity. */
export const Quantity = (description: string, dflt?: string) =>
  Type.String({ pattern: "^[0-9]+(\\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$", maxLength: 24, description, ...(dflt ? { default: dflt } : {}) });
export const Duration = (description: string, dflt?: string) =>
  Type.String({ pattern: "^([0-9]+(ms|s|m|h|d|w|y))+$", description, ...(dflt ? { default: dflt } : {}) });
/** Go's time.ParseDuration form, which Velero and Chaos Mesh read: no days or weeks. */
export const GoDuration = (description: string, dflt?: string) =>
  Type.String({ pattern: "^([0-9]+(ms|s|m|h))+$", description, ...(dflt ? { default: dflt } : {}) });
export const Cron = (description: string, dflt?: string) =>
  // Checked by the loader (croner) rather than a schema format, so the compiled validator needs no custom code.
  Type.String({ minLength: 1, description, ...(dflt ? { default: dflt } : {}) });
export const Port = (description: string, dflt?: number) =>
  Type.Integer({ minimum: 1, maximum: 65535, description, ...(dflt !== undefined ? { default: dflt } : {}) });
export const Ratio = (description: string) => Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description });
export const StringMap = (description: string) =>
  Type.Record(Type.String({ minLength: 1, maxLength: 253 }), Type.String({ maxLength: 65536 }), { description, default: {} });
/** Kubernetes label values, and names Velero copies into labels, are at most this long. */
export const MAX_LABEL_VALUE = 63;
/** Kubernetes label values: at most 63 characters, alphanumeric at both ends. */
export const LabelValue = (description: string) =>
  Type.String({ pattern: "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", maxLength: MAX_LABEL_VALUE, description });
/** Labels put on generated objects or matched against pods: Kubernetes label keys and values. */
export const LabelMap = (description: string, dflt: Record<string, string> = {}) =>
  Type.Record(Type.String(), LabelValue("label value (at most 63 characters)"), {
    description,
    default: dflt,
    propertyNames: {
      pattern: "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$",
      maxLength: 317,
      description: "a label key (an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.')",
    },
  });
/** A closed set of strings (an `enum`, so errors list the choices). */
export const Choice = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: "string", enum: values, ...options });
export const Strict = <T extends Parameters<typeof Type.Object>[0]>(props: T, options: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...options });
/** A map keyed by DNS-1123 labels (services, namespaces, pools): keys become object names. */
export const NamedMap = <T extends TSchema>(value: T, description: string, maxKeyLength = 63, dflt?: Record<string, never>) =>
  Type.Record(Type.String(), value, { description, propertyNames: { pattern: DNS_LABEL, maxLength: maxKeyLength }, ...(dflt ? { default: dflt } : {}) });

/** A port by number or by IANA service name (a named container port), as Kubernetes' IntOrString. */
export const PortRef = (description: string) =>
  Type.Unsafe<number | string>({
    type: ["integer", "string"],
    minimum: 1,
    maximum: 65535,
    pattern: "^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
    maxLength: 15,
    description,
  });
/** An environment variable name (C identifier). */
export const ENV_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";
/** An object name Kubernetes accepts for ConfigMaps and Secrets (DNS-1123 subdomain). */
export const DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
/**
 * A reference to a schema used in several places (it needs an `$id` and must be
 * listed in a `$defs` of the format): the validator checks it with one shared
 * function instead of a copy at each place, which keeps the compiled validator
 * small (its size is memory and start-up time on every run).
 */
export const Shared = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T>>({ $ref: schema.$id! });
