import { parseArgs } from "node:util";
import { UserError } from "../../environments/source/errors";
import { closest } from "../../environments/source/closest";
import { commandHelp, invocationOf } from "./help";
import { HELP_OPTION, type CommandSpec, type OptionSpec } from "./spec";

/** Thrown by parseCommand on --help; runCli prints the text and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly text: string) {
    super("help requested");
  }
}

type Options = Readonly<Record<string, OptionSpec>>;

/** An option's parsed value: flags are booleans, choices their union, repeatables lists. */
type ValueOf<O extends OptionSpec> = O extends { type: "boolean" }
  ? boolean
  : O extends { multiple: true }
    ? string[] | undefined
    : O extends { choices: readonly (infer C)[] }
      ? O extends { default: string }
        ? C
        : C | undefined
      : O extends { default: string }
        ? string
        : string | undefined;

export interface Parsed<T extends Options> {
  values: { [K in keyof T]: ValueOf<T[K]> };
  positionals: string[];
}

/**
 * Parses a command's arguments against its spec: --help anywhere before `--`
 * shows the help; an unknown option, an unexpected argument or a value outside
 * the choices is a usage error (exit 2) with a did-you-mean hint.
 */
export function parseCommand<T extends Options>(spec: CommandSpec & { options: T }, argv: string[]): Parsed<T> {
  const beforeDashes = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  if (beforeDashes.some((a) => a === "--help" || a === "-h")) throw new HelpRequested(commandHelp(spec));
  const options = { ...spec.options, help: HELP_OPTION } as Options;
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => {
      const config: { type: "string" | "boolean"; short?: string; multiple?: boolean; default?: string | boolean } = { type: o.type };
      if (o.short) config.short = o.short;
      if (o.multiple) config.multiple = true;
      const fallback = o.default ?? (o.type === "boolean" ? false : undefined);
      if (fallback !== undefined) config.default = fallback;
      return [name, config];
    }),
  );
  const { tokens } = parseArgs({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const longNames = Object.keys(options);
  for (const token of tokens) {
    if (token.kind === "option" && !(token.name in options) && !Object.values(options).some((o) => o.short === token.name)) {
      const hint = closest(token.name, longNames);
      throw usageError(spec, `unknown option ${token.rawName}${hint ? ` (did you mean --${hint}?)` : ""}`);
    }
    if (token.kind === "positional" && !spec.arguments?.length) throw usageError(spec, `unexpected argument "${token.value}"`);
  }
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ args: argv, options: config, strict: true, allowPositionals: true }) as unknown as Parsed<T>;
  } catch (err) {
    throw usageError(spec, err instanceof Error ? err.message.replace(/\. To specify.*$/s, "") : String(err));
  }
  const values = parsed.values as Record<string, unknown>;
  for (const [name, o] of Object.entries(options)) {
    if (!o.choices || values[name] === undefined) continue;
    for (const value of [values[name]].flat() as string[]) {
      if (o.choices.includes(value)) continue;
      const hint = closest(value, o.choices);
      throw usageError(spec, `--${name} must be one of ${o.choices.join(", ")}, not "${value}"${hint ? ` (did you mean ${hint}?)` : ""}`);
    }
  }
  return parsed;
}

export function usageError(spec: Pick<CommandSpec, "name" | "invocation">, message: string): UserError {
  return new UserError(`${spec.name}: ${message}; see \`${invocationOf(spec)} --help\``);
}
