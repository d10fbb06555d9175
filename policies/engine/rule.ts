import type { EnvironmentSettingsReader } from "./environment-settings";
import type { SchemaRegistry } from "./kubernetes-schema";
import type { ResourceIndex } from "./resource-index";
import type { Resource } from "./resources";
import type { Policy } from "./types";

export type Path = Array<string | number>;

/** What a rule sees: its policy, resolved parameters, the resources of its kinds and the index of all. */
export interface RuleContext {
  policy: Policy;
  params: Record<string, unknown>;
  /** Resources whose kind the policy applies to. */
  resources: Resource[];
  index: ResourceIndex;
  schemas: SchemaRegistry;
  report(resource: Resource, path: Path, message: string): void;
  /** An environment's settings from its file under the validated root (tier, chaos), when it has one. */
  environment: EnvironmentSettingsReader;
}

/** A check implemented in TypeScript over all resources of its kinds; cross-resource rules look peers up through the index. */
export type Rule = (ctx: RuleContext) => void;

/**
 * A rule that judges each resource on its own (looking peers up through the
 * index when it needs them): set up once from the context, it is then given
 * each resource of its kinds during the single pass over the resources.
 */
export interface ResourceRule {
  perResource(ctx: RuleContext): (r: Resource) => void;
}

/** A policy ready for the single pass over the resources. */
export interface ResourceCheck {
  policy: Policy;
  /** Judges one resource of the policy's kinds, reporting each failure. */
  evaluate(r: Resource): void;
}

export function numberParam(ctx: RuleContext, name: string): number {
  const value = ctx.params[name];
  if (typeof value !== "number") throw new Error(`parameter ${name} must be a number`);
  return value;
}

export function stringListParam(ctx: RuleContext, name: string): string[] {
  const value = ctx.params[name];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new Error(`parameter ${name} must be a list of strings`);
  }
  return value as string[];
}

export function stringParam(ctx: RuleContext, name: string): string {
  const value = ctx.params[name];
  if (typeof value !== "string") throw new Error(`parameter ${name} must be a string`);
  return value;
}

/** A string parameter that must be one of `values` (a typo would otherwise silently act as another choice). */
export function choiceParam<T extends string>(ctx: RuleContext, name: string, values: readonly T[]): T {
  const value = stringParam(ctx, name);
  if (!(values as readonly string[]).includes(value)) throw new Error(`parameter ${name} must be one of ${values.join(", ")} (got "${value}")`);
  return value as T;
}
