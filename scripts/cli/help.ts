import type { CommandSpec, OptionSpec } from "./spec";
import { HELP_OPTION } from "./spec";

export const BIN = "gitops-forge";

/** What users type to run a command. */
export function invocationOf(spec: Pick<CommandSpec, "name" | "invocation">): string {
  return spec.invocation ?? `${BIN} ${spec.name}`;
}

/** `--help` of one command: usage, description, arguments, every option, footer. */
export function commandHelp(spec: CommandSpec): string {
  const lines: string[] = [];
  if (spec.subcommands?.length) {
    lines.push(`Usage: ${BIN} ${spec.name} <${spec.subcommands.map((s) => s.name.split(" ").at(-1)).join("|")}> [options]`, "");
    lines.push(spec.description ?? spec.summary, "", "Commands:");
    lines.push(...table(spec.subcommands.map((s) => [s.name.split(" ").at(-1)!, s.summary])));
    lines.push("", `Run \`${BIN} ${spec.name} <command> --help\` for a command's options.`);
    return lines.join("\n") + "\n";
  }
  const args = (spec.arguments ?? []).map((a) => ` ${a.name}`).join("");
  lines.push(`Usage: ${invocationOf(spec)} [options]${args}`, "", spec.description ?? spec.summary);
  if (spec.arguments?.length) lines.push("", "Arguments:", ...table(spec.arguments.map((a) => [a.name, a.description])));
  const options = Object.entries({ ...spec.options, help: HELP_OPTION } as Record<string, OptionSpec>);
  lines.push("", "Options:", ...table(options.map(([name, o]) => [flagLabel(name, o), optionText(o)])));
  if (spec.footer) lines.push("", spec.footer);
  return lines.join("\n") + "\n";
}

/** `gitops-forge --help`: the commands and the global options. */
export function overviewHelp(commands: readonly CommandSpec[], description: string): string {
  return [
    `Usage: ${BIN} <command> [options]`,
    "",
    description,
    "",
    "Commands:",
    ...table(commands.map((c) => [c.name, c.summary])),
    "",
    "Options:",
    ...table([
      ["-V, --version", "print the version"],
      ["-h, --help", "show this help"],
    ]),
    "",
    `Run \`${BIN} <command> --help\` for a command's options.`,
  ].join("\n") + "\n";
}

function flagLabel(name: string, o: OptionSpec): string {
  const long = `--${name}${o.type === "string" ? ` ${o.value ?? (o.choices ? o.choices.join("|") : "VALUE")}` : ""}`;
  return o.short ? `-${o.short}, ${long}` : `    ${long}`;
}

function optionText(o: OptionSpec): string {
  const extras: string[] = [];
  if (o.multiple) extras.push("repeatable");
  if (o.type === "string" && o.default !== undefined) extras.push(`default: ${o.default}`);
  return extras.length ? `${o.description} [${extras.join("; ")}]` : o.description;
}

/** Two columns, the second aligned and wrapped under itself. */
function table(rows: Array<[string, string]>): string[] {
  const width = Math.min(Math.max(...rows.map(([left]) => left.length)), 30) + 4;
  return rows.map(([left, right]) => {
    const pad = left.length + 2 < width ? " ".repeat(width - left.length - 2) : "\n" + " ".repeat(width);
    return `  ${left}${pad}${right.replaceAll("\n", "\n" + " ".repeat(width))}`;
  });
}
