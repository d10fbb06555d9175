import { UserError } from "../../environments/source/errors";
import { withoutCredentials } from "./provenance";

/** Removes secrets (and credentials embedded in URLs) from an error before anyone prints it. */
export function redactError(err: unknown, secrets: (string | undefined)[]): unknown {
  if (!(err instanceof Error)) return err;
  const message = redact(err.message, secrets);
  if (message === err.message) return err;
  return err instanceof UserError ? new UserError(message, undefined, err.exitCode) : new Error(message);
}

export function redact(text: string, secrets: (string | undefined)[]): string {
  let out = withoutCredentials(text);
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("***");
  return out;
}
