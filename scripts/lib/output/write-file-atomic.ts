import { randomBytes } from "node:crypto";
import { closeSync, constants, openSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "../../../environments/source/errors";
import { fileProblem } from "../../../environments/source/read-source";

/**
 * Writes `text` to `path` so that a reader sees the old file or the whole new
 * one: it goes to a temporary file beside it, then is renamed over it. The
 * temporary name is unpredictable and created exclusively (a symlink planted
 * there is never followed), and removed when anything fails. Every failure is
 * one UserError naming `shown`.
 */
export function writeFileAtomic(path: string, text: string, shown = path): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // Not there yet (or unreachable, which the write below reports).
  }
  if (isDirectory) throw new UserError("is a directory, not a file", { file: shown });
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${randomBytes(8).toString("hex")}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
  } catch (err) {
    throw new UserError(`cannot write: ${fileProblem(err)}`, { file: shown });
  }
  try {
    try {
      const bytes = Buffer.from(text);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (err) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created or already renamed.
    }
    throw new UserError(`cannot write: ${fileProblem(err)}`, { file: shown });
  }
}
