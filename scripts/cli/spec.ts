/**
 * A command's interface as data: one table drives its parsing, its --help,
 * did-you-mean hints and the shell completion scripts.
 */
export interface OptionSpec {
  type: "string" | "boolean";
  description: string;
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** Placeholder of the value in help (NAME, DIR). */
  value?: string;
  /** The accepted values: checked, listed in help and offered by completion. */
  choices?: readonly string[];
  /** What completion offers for the value when there are no choices. */
  complete?: "file" | "directory" | "environment";
}

export interface ArgumentSpec {
  /** As shown in usage: `[REF]`, `[PATH|-]...`. */
  name: string;
  description: string;
  complete?: "file" | "directory";
}

export interface CommandSpec {
  /** Full name under the bin: "synth", "cluster check". */
  name: string;
  /** How users run it when not through the bin (`npm run bench --`); default `gitops-forge <name>`. */
  invocation?: string;
  /** One line, shown in the command list. */
  summary: string;
  /** What the command does, a few lines under the usage. */
  description?: string;
  arguments?: readonly ArgumentSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  /** Commands under this one (`cluster check`); then the spec's own options apply to none. */
  subcommands?: readonly CommandSpec[];
  /** Lines after the options (environment variables, exit codes). */
  footer?: string;
}

/** The option every command takes. */
export const HELP_OPTION = { type: "boolean", short: "h", description: "show this help" } as const satisfies OptionSpec;
