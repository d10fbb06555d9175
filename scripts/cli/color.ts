/** `--color` values; `auto` follows FORCE_COLOR, NO_COLOR and whether the stream is a terminal. */
export const COLOR_CHOICES = ["auto", "always", "never"] as const;

export const COLOR_OPTION = {
  type: "string",
  value: "WHEN",
  choices: COLOR_CHOICES,
  default: "auto",
  description: "colour the human report: auto (a terminal, unless NO_COLOR; FORCE_COLOR=1 forces it, FORCE_COLOR=0 stops it), always or never",
} as const;

/** Whether to colour output for `stream`: the flag, then FORCE_COLOR, then NO_COLOR, then a terminal. */
export function useColor(flag: string | undefined, stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  if (flag === "always") return true;
  if (flag === "never") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (env.NO_COLOR) return false;
  return stream.isTTY === true;
}
