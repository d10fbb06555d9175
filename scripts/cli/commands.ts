/**
 * The commands of the `gitops-forge` bin, in the order its help lists them.
 * Specs are light data; a command's code loads only when it runs.
 */
import type { CommandSpec } from "./spec";
import { SYNTH } from "./specs/synth";
import { VALIDATE } from "./specs/validate";
import { DIFF } from "./specs/diff";
import { PR } from "./specs/pr";
import { CLUSTER } from "./specs/cluster";
import { ALERT_TESTS } from "./specs/alert-tests";
import { ENVIRONMENTS } from "./specs/environments";
import { INIT } from "./specs/init";
import { SCHEMA } from "./specs/schema";
import { COMPLETION } from "./specs/completion";

export interface Command {
  spec: CommandSpec;
  run: (argv: string[]) => Promise<number>;
}

export const COMMANDS: readonly Command[] = [
  { spec: SYNTH, run: async (argv) => (await import("../synth")).main(argv) },
  { spec: VALIDATE, run: async (argv) => (await import("../validate")).main(argv) },
  { spec: DIFF, run: async (argv) => (await import("../diff")).main(argv) },
  { spec: PR, run: async (argv) => (await import("../pr")).main(argv) },
  { spec: CLUSTER, run: async (argv) => (await import("../cluster")).main(argv) },
  { spec: ALERT_TESTS, run: async (argv) => (await import("../alert-tests")).main(argv) },
  { spec: ENVIRONMENTS, run: async (argv) => (await import("../environments")).main(argv) },
  { spec: INIT, run: async (argv) => (await import("../init")).main(argv) },
  { spec: SCHEMA, run: async (argv) => (await import("../schema")).main(argv) },
  { spec: COMPLETION, run: async (argv) => (await import("../completion")).main(argv) },
];
