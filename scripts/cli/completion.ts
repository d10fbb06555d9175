/**
 * Shell completion scripts generated from the command specs: commands,
 * subcommands, every option with its description, the choices of an option,
 * files or folders where a value is a path, and environment names (asked of
 * `gitops-forge environments` in the current folder).
 */
import { BIN } from "./help";
import { HELP_OPTION, type CommandSpec, type OptionSpec } from "./spec";

type Shell = "bash" | "zsh" | "fish";

/** Every command that takes options, with the words that lead to it (`["cluster", "check"]`). */
function leaves(commands: readonly CommandSpec[]): Array<{ words: string[]; spec: CommandSpec }> {
  return commands.flatMap((c) => (c.subcommands?.length ? c.subcommands.map((s) => ({ words: s.name.split(" "), spec: s })) : [{ words: [c.name], spec: c }]));
}

function optionsOf(spec: CommandSpec): Array<[string, OptionSpec]> {
  return Object.entries({ ...spec.options, help: HELP_OPTION } as Record<string, OptionSpec>);
}

/** `help <command>` is `<command> --help`. */
const HELP_COMMAND = "show the help of a command";
const lastWord = (s: CommandSpec) => s.name.split(" ").at(-1)!;
/** A description on one line, without the parenthesised details. */
const brief = (text: string) => text.replace(/\s*\(.*$/s, "").replace(/\s+/g, " ");

export function completionScript(shell: Shell, commands: readonly CommandSpec[]): string {
  return shell === "bash" ? bash(commands) : shell === "zsh" ? zsh(commands) : fish(commands);
}

function bash(commands: readonly CommandSpec[]): string {
  const fn = "_gitops_forge";
  const valueCase = (o: OptionSpec): string => {
    if (o.choices) return `COMPREPLY=($(compgen -W "${o.choices.join(" ")}" -- "$cur"))`;
    if (o.complete === "environment") return `COMPREPLY=($(compgen -W "$(${BIN} environments 2>/dev/null)" -- "$cur"))`;
    if (o.complete === "directory") return `COMPREPLY=($(compgen -d -- "$cur"))`;
    if (o.complete === "file") return `COMPREPLY=($(compgen -f -- "$cur"))`;
    return "COMPREPLY=()";
  };
  const blocks = leaves(commands).map(({ words, spec }) => {
    const options = optionsOf(spec);
    const withValue = options.filter(([, o]) => o.type === "string");
    const flags = options.flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]).join(" ");
    const positional = spec.arguments?.[0];
    const fallback = positional?.complete === "file" ? `compgen -f -- "$cur"` : positional?.complete === "directory" ? `compgen -d -- "$cur"` : positional && !positional.complete && positional.name.includes("|") ? `compgen -W "${positional.name.split("|").join(" ")}" -- "$cur"` : "";
    return [
      `    "${words.join(" ")}")`,
      `      case "$prev" in`,
      ...withValue.map(([name, o]) => `        --${name}${o.short ? `|-${o.short}` : ""}) ${valueCase(o)}; return ;;`),
      `      esac`,
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${flags}" -- "$cur"))${fallback ? `; else COMPREPLY=($(${fallback}))` : ""}; fi`,
      `      ;;`,
    ].join("\n");
  });
  const parents = commands.filter((c) => c.subcommands?.length);
  return `# bash completion for ${BIN} (${BIN} completion bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" key="\${COMP_WORDS[1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(" ")} help --help --version" -- "$cur"))
    return
  fi
  case "$key" in
${parents
  .map(
    (p) => `    ${p.name})
      if [[ $COMP_CWORD -eq 2 ]]; then COMPREPLY=($(compgen -W "${p.subcommands!.map(lastWord).join(" ")} --help" -- "$cur")); return; fi
      key="$key \${COMP_WORDS[2]}" ;;`,
  )
  .join("\n")}
    help) COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(" ")}" -- "$cur")); return ;;
  esac
  case "$key" in
${blocks.join("\n")}
  esac
}
complete -o default -F ${fn} ${BIN}
`;
}

function zsh(commands: readonly CommandSpec[]): string {
  const q = (text: string) => text.replace(/'/g, `'\\''`);
  const described = (items: Array<[string, string]>) => items.map(([name, text]) => `'${q(name)}:${q(brief(text).replace(/:/g, "\\:"))}'`).join(" ");
  const action = (o: OptionSpec) => (o.choices ? `(${o.choices.join(" ")})` : o.complete === "environment" ? "_gitops_forge_environments" : o.complete === "directory" ? "_files -/" : o.complete === "file" ? "_files" : " ");
  const spec = (name: string, o: OptionSpec) => {
    const text = q(brief(o.description).replace(/[[\]:]/g, (c) => `\\${c}`));
    const names = o.short ? [`-${o.short}`, `--${name}`] : [`--${name}`];
    const prefix = o.multiple ? "*" : names.length > 1 ? `(${names.join(" ")})` : "";
    const value = o.type === "string" ? `:${(o.value ?? "value").toLowerCase()}:${action(o)}` : "";
    const forms = names.length > 1 && !o.multiple ? `{${names.map((n) => (o.type === "string" ? `${n}=` : n)).join(",")}}` : `${names.at(-1)}${o.type === "string" ? "=" : ""}`;
    return `${prefix ? `'${prefix}'` : ""}${forms}'[${text}]${value}'`;
  };
  const argumentsOf = (c: CommandSpec) => {
    const specs = optionsOf(c).map(([name, o]) => spec(name, o));
    const a = c.arguments?.[0];
    if (a) {
      const act = a.complete === "file" ? "_files" : a.complete === "directory" ? "_files -/" : a.name.includes("|") ? `(${a.name.split("|").join(" ")})` : " ";
      specs.push(`'${a.name.endsWith("...") ? "*" : "1"}:${q(a.name.toLowerCase().replace(/[[\]:.]/g, ""))}:${act}'`);
    }
    return `_arguments -s ${specs.join(" \\\n        ")}`;
  };
  const cases = commands.map((c) => {
    if (!c.subcommands?.length) return `    ${c.name}) ${argumentsOf(c)} ;;`;
    return `    ${c.name})
      if (( CURRENT == 2 )); then
        local -a subcommands=(${described(c.subcommands.map((s) => [lastWord(s), s.summary]))})
        _describe 'command' subcommands; return
      fi
      local sub=$words[2]; shift words; (( CURRENT-- ))
      case $sub in
${c.subcommands.map((s) => `        ${lastWord(s)}) ${argumentsOf(s)} ;;`).join("\n")}
      esac ;;`;
  });
  return `#compdef ${BIN}
# zsh completion for ${BIN} (${BIN} completion zsh > "\${fpath[1]}/_${BIN}")
_gitops_forge_environments() {
  local -a names=(\${(f)"$(${BIN} environments 2>/dev/null)"})
  compadd -a names
}
_${BIN}() {
  local -a commands=(${described([...commands.map((c): [string, string] => [c.name, c.summary]), ["help", HELP_COMMAND]])})
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    _arguments '(- *)'{-V,--version}'[print the version]' '(- *)'{-h,--help}'[show this help]'
    return
  fi
  local cmd=$words[2]; shift words; (( CURRENT-- ))
  case $cmd in
${cases.join("\n")}
    help) (( CURRENT == 2 )) && _describe 'command' commands ;;
  esac
}
# Autoloaded from fpath, this file is the body of _${BIN}: complete now. Sourced, register it.
if [[ $funcstack[1] == _${BIN} ]]; then _${BIN} "$@"; else compdef _${BIN} ${BIN}; fi
`;
}

function fish(commands: readonly CommandSpec[]): string {
  const q = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const lines = [`# fish completion for ${BIN} (${BIN} completion fish > ~/.config/fish/completions/${BIN}.fish)`, `complete -c ${BIN} -f`];
  lines.push(`complete -c ${BIN} -n __fish_use_subcommand -s V -l version -d 'print the version'`);
  lines.push(`complete -c ${BIN} -n __fish_use_subcommand -s h -l help -d 'show this help'`);
  for (const c of commands) lines.push(`complete -c ${BIN} -n __fish_use_subcommand -a ${c.name} -d ${q(brief(c.summary))}`);
  lines.push(`complete -c ${BIN} -n __fish_use_subcommand -a help -d ${q(HELP_COMMAND)}`);
  for (const c of commands.filter((c) => c.subcommands?.length)) {
    const subs = c.subcommands!.map(lastWord).join(" ");
    for (const s of c.subcommands!) lines.push(`complete -c ${BIN} -n ${q(`__fish_seen_subcommand_from ${c.name}; and not __fish_seen_subcommand_from ${subs}`)} -a ${lastWord(s)} -d ${q(brief(s.summary))}`);
  }
  const parents = commands.filter((c) => c.subcommands?.length).map((c) => c.name);
  for (const { words, spec } of leaves(commands)) {
    // `diff` is also a word of `cluster diff`: a top-level command's options only outside the parents.
    const outsideParents = words.length === 1 && parents.length ? [`not __fish_seen_subcommand_from ${parents.join(" ")}`] : [];
    const condition = q([...words.map((w) => `__fish_seen_subcommand_from ${w}`), ...outsideParents].join("; and "));
    for (const [name, o] of optionsOf(spec)) {
      const parts = [`complete -c ${BIN} -n ${condition}`, ...(o.short ? [`-s ${o.short}`] : []), `-l ${name}`];
      if (o.type === "string") {
        parts.push("-r");
        if (o.choices) parts.push(`-f -a ${q(o.choices.join(" "))}`);
        else if (o.complete === "environment") parts.push(`-f -a ${q(`(${BIN} environments 2>/dev/null)`)}`);
        else if (o.complete === "directory") parts.push(`-f -a ${q("(__fish_complete_directories)")}`);
        else if (o.complete === "file") parts.push("-F");
      }
      parts.push(`-d ${q(brief(o.description))}`);
      lines.push(parts.join(" "));
    }
    const a = spec.arguments?.[0];
    if (a?.complete === "file") lines.push(`complete -c ${BIN} -n ${condition} -F`);
    else if (a?.complete === "directory") lines.push(`complete -c ${BIN} -n ${condition} -a ${q("(__fish_complete_directories)")}`);
    else if (a?.name.includes("|")) lines.push(`complete -c ${BIN} -n ${condition} -a ${q(a.name.split("|").join(" "))}`);
  }
  lines.push(`complete -c ${BIN} -n ${q("__fish_seen_subcommand_from help")} -a ${q(commands.map((c) => c.name).join(" "))}`);
  return lines.join("\n") + "\n";
}
