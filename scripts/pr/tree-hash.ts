import { createHash } from "node:crypto";

/**
 * The id git (and so GitHub) gives the root tree a change would produce,
 * computed from a tree listing without writing anything: `pr` compares it
 * with the bot branch's tree to know that the branch already holds the change.
 */
export interface TreeEntry {
  /** Path from the root, "/"-separated. */
  path: string;
  mode: string;
  type: string;
  sha: string;
}

interface Node {
  mode: string;
  type: string;
  sha: string;
}

/**
 * `listing` holds every entry along the changed paths (a recursive listing,
 * or the folders leading to them and the full listing below): trees that
 * hold no change keep their listed id. `blobs` maps a path to its new blob
 * id, or null to delete it; a folder left empty disappears, as in git.
 */
export function treeIdAfter(rootId: string, listing: TreeEntry[], blobs: Map<string, string | null>): string {
  const folders = new Map<string, Map<string, Node>>([["", new Map()]]);
  const folder = (path: string) => {
    let entries = folders.get(path);
    if (!entries) folders.set(path, (entries = new Map()));
    return entries;
  };
  for (const e of listing) folder(parentOf(e.path)).set(nameOf(e.path), { mode: e.mode, type: e.type, sha: e.sha });
  if (blobs.size === 0) return rootId;
  const dirty = new Set<string>([""]);
  for (const [path, sha] of blobs) {
    for (let p = parentOf(path); p !== ""; p = parentOf(p)) dirty.add(p);
    if (sha === null) folder(parentOf(path)).delete(nameOf(path));
    else folder(parentOf(path)).set(nameOf(path), { mode: "100644", type: "blob", sha });
  }
  // Deepest folders first, so each parent sees its children's new ids.
  const order = [...dirty].sort((a, b) => depth(b) - depth(a));
  let root = rootId;
  for (const path of order) {
    const entries = folder(path);
    const id = entries.size ? hashTree(entries) : undefined;
    if (path === "") root = id ?? hashTree(entries);
    else if (id) folder(parentOf(path)).set(nameOf(path), { mode: "040000", type: "tree", sha: id });
    else folder(parentOf(path)).delete(nameOf(path));
  }
  return root;
}

/** git's tree object: entries by name (a folder sorts as "name/"), mode without leading zero, binary ids. */
function hashTree(entries: Map<string, Node>): string {
  const key = (name: string, node: Node) => (node.type === "tree" ? `${name}/` : name);
  const sorted = [...entries].sort(([a, x], [b, y]) => Buffer.compare(Buffer.from(key(a, x)), Buffer.from(key(b, y))));
  const body = Buffer.concat(sorted.map(([name, node]) => Buffer.concat([Buffer.from(`${node.mode.replace(/^0+/, "")} ${name}\0`), Buffer.from(node.sha, "hex")])));
  return createHash("sha1").update(`tree ${body.length}\0`).update(body).digest("hex");
}

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function depth(path: string): number {
  return path === "" ? 0 : path.split("/").length;
}
