import type { Rule } from "../rule";

/** Chaos Mesh kinds that are not experiments themselves. */
const NOT_EXPERIMENTS = new Set(["Schedule", "Workflow", "WorkflowNode", "StatusCheck", "RemoteCluster", "PhysicalMachine"]);

/** A bare Chaos Mesh experiment runs once at apply time; experiments belong inside a Schedule. */
export const chaosInSchedule: Rule = (ctx) => {
  for (const r of ctx.resources) {
    if (!r.ref.apiVersion.startsWith("chaos-mesh.org/") || NOT_EXPERIMENTS.has(r.ref.kind)) continue;
    ctx.report(r, ["kind"], `${r.ref.kind} ${r.ref.name} runs outside a Chaos Mesh Schedule`);
  }
};
