import type { CommandSpec } from "../spec";

export const SHELLS = ["bash", "zsh", "fish"] as const;

export const COMPLETION = {
  name: "completion",
  summary: "print the shell completion script (bash, zsh or fish)",
  description: `Prints a completion script for the shell. Install it with
  bash: gitops-forge completion bash > ~/.local/share/bash-completion/completions/gitops-forge
  zsh:  gitops-forge completion zsh > "\${fpath[1]}/_gitops-forge"
  fish: gitops-forge completion fish > ~/.config/fish/completions/gitops-forge.fish`,
  arguments: [{ name: SHELLS.join("|"), description: "the shell" }],
  options: {},
} as const satisfies CommandSpec;
