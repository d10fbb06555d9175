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

/** Errors reported at once, beyond which the rest are only counted. */
export const MAX_REPORTED_ERRORS = 20;

/**
 * Several UserErrors found in one pass (every mistake of every environment),
 * so one run shows them all: sorted by file, line and column, one per place
 * (a shared parent's mistake seen from each child is reported once), at most
 * MAX_REPORTED_ERRORS and then "and N more".
 */
export class UserErrors extends UserError {
  /** One line per error, without the `error: ` prefix a command adds. */
  readonly lines: string[];

  constructor(readonly errors: UserError[]) {
    const byPlace = new Map<string, UserError>();
    for (const error of errors) if (!byPlace.has(placeOf(error))) byPlace.set(placeOf(error), error);
    const unique = [...byPlace.values()].sort(byLocation);
    const lines = unique.slice(0, MAX_REPORTED_ERRORS).map((e) => e.message);
    if (unique.length > MAX_REPORTED_ERRORS) lines.push(`and ${unique.length - MAX_REPORTED_ERRORS} more errors`);
    super(lines.join("\n"), undefined, Math.max(...errors.map((e) => e.exitCode)));
    this.name = "UserErrors";
    this.lines = lines;
  }

  /** Throws nothing for no errors, the error itself for one, all of them for more. */
  static throwIfAny(errors: UserError[]): void {
    if (errors.length === 1) throw errors[0]!;
    if (errors.length > 1) throw new UserErrors(errors.flatMap((e) => (e instanceof UserErrors ? e.errors : [e])));
  }
}

/** What a command prints for `error` (never a stack): one line per mistake, `error: file:line:col field: message`. */
export function errorLines(error: UserError): string[] {
  return (error instanceof UserErrors ? error.lines : [error.message]).map((line) => `error: ${line}`);
}

/** Where an error is, or its message when it has no line. */
function placeOf(error: UserError): string {
  return error.location?.line !== undefined ? formatLocation(error.location) : error.message;
}

function byLocation(a: UserError, b: UserError): number {
  const [x, y] = [a.location, b.location];
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  if (x.file !== y.file) return x.file < y.file ? -1 : 1;
  return (x.line ?? 0) - (y.line ?? 0) || (x.column ?? 0) - (y.column ?? 0);
}

/** Runs `check`, adding a UserError it throws to `into` instead of stopping; anything else still throws. */
export function collectUserError(into: UserError[], check: () => void): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    into.push(...(err instanceof UserErrors ? err.errors : [err]));
  }
}

/**
 * Runs `check` on every item, even after one fails, so a mistake in one item
 * does not hide the next one's; then throws every UserError found (anything
 * else stops at once).
 */
export function checkEach<T>(items: Iterable<T>, check: (item: T) => void): void {
  const errors: UserError[] = [];
  for (const item of items) collectUserError(errors, () => check(item));
  UserErrors.throwIfAny(errors);
}
