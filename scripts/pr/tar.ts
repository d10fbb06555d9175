import { gunzipSync } from "node:zlib";

/**
 * Reads the regular files of a gzipped tar archive (the repository archives
 * GitHub serves are written by git archive: ustar blocks plus pax headers for
 * long paths). Only what those archives use is supported.
 */
export function readTarGz(bytes: Uint8Array): Map<string, Uint8Array> {
  const tar = gunzipSync(bytes);
  const files = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  const text = (start: number, length: number) => decoder.decode(tar.subarray(start, start + length)).replace(/\0.*$/s, "");
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = offset;
    if (tar.subarray(header, header + 512).every((b) => b === 0)) break;
    const size = parseInt(text(header + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(tar[header + 156]!);
    const prefix = text(header + 345, 155);
    const name = prefix ? `${prefix}/${text(header, 100)}` : text(header, 100);
    const data = tar.subarray(header + 512, header + 512 + size);
    if (type === "x") {
      paxPath = paxRecords(decoder.decode(data)).path;
    } else if (type === "0" || type === "\0") {
      files.set(paxPath ?? name, data);
      paxPath = undefined;
    } else if (type !== "g") {
      paxPath = undefined;
    }
    offset = header + 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** pax records are "<length> <key>=<value>\n". */
function paxRecords(text: string): Record<string, string> {
  const records: Record<string, string> = {};
  for (const m of text.matchAll(/\d+ ([^=]+)=([^\n]*)\n/g)) records[m[1]!] = m[2]!;
  return records;
}
