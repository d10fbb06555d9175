import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { UserError } from "./errors";

/** Input files larger than this are refused before they are read or parsed. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** One sentence for a failed file-system call, naming what the user can act on. */
export function fileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory (or a symbolic link to nothing)";
    case "ELOOP":
      return "symbolic link loop";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, not a file";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "ENOSPC":
      return "no space left on device";
    case "EDQUOT":
      return "disk quota exceeded";
    case "EROFS":
      return "read-only file system";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    case "ENAMETOOLONG":
      return "file name too long";
    case "EEXIST":
      return "already exists";
    case "ENOTEMPTY":
      return "directory is not empty";
    case "EBUSY":
      return "resource busy";
    case "EIO":
      return "input/output error";
    case "EXDEV":
      return "cannot move across file systems";
    default:
      return code ? `file-system error ${code}` : err instanceof Error ? err.message : String(err);
  }
}

/** A failed file-system call (it carries an errno code such as ENOSPC), not a bug in the program. */
export function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | undefined;
  return typeof e?.code === "string" && /^E[A-Z0-9]+$/.test(e.code) && typeof e.syscall === "string";
}

/** Most inputs fit in this buffer, reused across reads (the text is decoded out of it), so reading thousands of files allocates none. */
const sharedBuffer = Buffer.allocUnsafe(256 * 1024);

/**
 * Reads a text file as a config or manifest: a regular file only (opened
 * without blocking, so a FIFO never hangs and a device is never read), at most
 * `maxBytes` (refused before anything is read), strictly UTF-8. Every failure
 * is one UserError naming `file`.
 */
export function readSourceFile(path: string, file = path, maxBytes = MAX_SOURCE_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new UserError(fileProblem(err), { file });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UserError("is a directory, not a file", { file });
    if (!stat.isFile()) throw new UserError("is not a regular file (a pipe, socket or device); pass its content on standard input with -", { file });
    if (stat.size > maxBytes) throw new UserError(`file is ${stat.size} bytes, more than the ${maxBytes}-byte limit`, { file });
    const bytes = stat.size <= sharedBuffer.length ? sharedBuffer : Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < stat.size) {
      const n = readSync(fd, bytes, filled, stat.size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return decodeUtf8(bytes.subarray(0, filled), file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(fileProblem(err), { file });
  } finally {
    closeSync(fd);
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Text of UTF-8 bytes; an invalid sequence is an error at its line and column, never a silent U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new UserError(`invalid UTF-8 (byte 0x${bytes[offset]!.toString(16).padStart(2, "0")})`, { file, line, column: offset - lineStart + 1 });
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1]!;
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}
