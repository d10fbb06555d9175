/**
 * Errors a user can act on. Every command prints `message` (never a stack) and
 * exits with `exitCode`: 2 for bad input or usage, 1 for policy violations.
 */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** Dotted field path inside the file, e.g. `services.llm-chat.gpu.count`. */
  path?: string;
}

export class UserError extends Error {
  readonly exitCode: number;
  readonly location?: SourceLocation;

  constructor(message: string, location?: SourceLocation, exitCode = 2) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.name = "UserError";
    this.location = location;
    this.exitCode = exitCode;
  }
}

/** `file:line:col path`, the form editors and CI annotations link to. */
export function formatLocation(loc: SourceLocation): string {
  let where = loc.file;
  if (loc.line !== undefined) where += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) where += `:${loc.column}`;
  return loc.path ? `${where} ${loc.path}` : where;
}
