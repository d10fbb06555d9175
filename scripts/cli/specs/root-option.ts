/** `--root`: the GitOps source repository a command works on. */
export const ROOT_OPTION = { type: "string", value: "DIR", complete: "directory", description: "repository root (default: current directory)" } as const;

/** `--env`: pick environments by name. */
export const ENV_OPTION = { type: "string", value: "NAME", multiple: true, complete: "environment", description: "only this environment; default: all" } as const;
