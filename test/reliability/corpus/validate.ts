import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { runInProcess, runSpawned, scratch, type Expected, type Outcome } from "../harness";
import { mkfifo } from "./environments";

export interface ValidateCase extends Expected {
  name: string;
  run: () => Promise<Outcome>;
  /** Checks on what the run left behind. */
  after?: () => void;
}

const CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ml\ndata:\n  a: b\n";

/** `validate` over one file holding `content`, named `name` in a fresh folder. */
function validateFile(name: string, content: string | Buffer, extra: string[] = []): () => Promise<Outcome> {
  return () => {
    const dir = scratch("validate");
    writeFileSync(join(dir, name), content);
    return runInProcess("validate", [join(dir, name), ...extra]);
  };
}

/** `validate` over a path prepared by `make` (given a fresh folder, it returns the path to pass). */
function validatePath(make: (dir: string) => string, extra: (dir: string) => string[] = () => []): () => Promise<Outcome> {
  return () => {
    const dir = scratch("validate");
    return runInProcess("validate", [make(dir), ...extra(dir)]);
  };
}

const inputCases = (): ValidateCase[] => [
  { name: "a symlink loop", run: validatePath((d) => (symlinkSync("loop.yaml", join(d, "loop.yaml")), join(d, "loop.yaml"))), message: /symbolic link loop/ },
  { name: "a symlink loop inside a folder", run: validatePath((d) => (symlinkSync("a.yaml", join(d, "a.yaml")), d)), message: /a\.yaml: symbolic link loop/ },
  { name: "a dangling symlink", run: validatePath((d) => (symlinkSync("gone.yaml", join(d, "x.yaml")), join(d, "x.yaml"))), message: /no such file/ },
  { name: "a dangling symlink inside a folder", run: validatePath((d) => (symlinkSync("gone.yaml", join(d, "x.yaml")), d)), message: /x\.yaml: no such file/ },
  { name: "a folder named like a manifest inside a folder", run: validatePath((d) => (mkdirSync(join(d, "x.yaml")), symlinkSync(join(d, "x.yaml"), join(d, "y.yaml")), d)), message: /y\.yaml: is a directory/ },
  { name: "a missing path", run: validatePath((d) => join(d, "missing.yaml")), message: /no such file/ },
  { name: "a FIFO with no writer (no hang)", run: validatePath((d) => (mkfifo(join(d, "pipe.yaml")), join(d, "pipe.yaml"))), message: /not a regular file/ },
  { name: "a FIFO inside a folder", run: validatePath((d) => (mkfifo(join(d, "pipe.yaml")), d)), message: /pipe\.yaml: is not a regular file/ },
  { name: "/dev/zero (no unbounded read)", run: () => runInProcess("validate", ["/dev/zero"]), where: "/dev/zero: ", message: /not a regular file/ },
  { name: "/dev/urandom", run: () => runInProcess("validate", ["/dev/urandom"]), where: "/dev/urandom: ", message: /not a regular file/ },
  { name: "a symlink to /dev/zero", run: validatePath((d) => (symlinkSync("/dev/zero", join(d, "zero.yaml")), join(d, "zero.yaml"))), message: /not a regular file/ },
  { name: "a file over the size limit", run: validateFile("big.yaml", Buffer.alloc(17 * 1024 * 1024, 0x20)), message: /byte limit/ },
  { name: "random bytes", run: validateFile("random.yaml", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))), message: /invalid UTF-8/ },
  { name: "a PNG header", run: validateFile("image.yaml", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), message: /invalid UTF-8/ },
  { name: "invalid UTF-8 in a manifest", run: validateFile("bad.yaml", Buffer.concat([Buffer.from(CONFIG_MAP), Buffer.from("  c: caf"), Buffer.from([0xe9, 0x0a])])), message: /:8:\d+: invalid UTF-8/ },
  { name: "10,000-deep flow nesting in a manifest", run: validateFile("deep.yaml", `${CONFIG_MAP}  deep: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`), message: /:8:\d+: nested more than/ },
  { name: "10,000-deep block items in a manifest", run: validateFile("deep.yaml", `${CONFIG_MAP}  deep:\n    ${"- ".repeat(10_000)}x\n`), message: /:9:\d+: nested more than/ },
  { name: "10,000-deep JSON", run: validateFile("deep.json", `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":${"[".repeat(10_000)}${"]".repeat(10_000)}}`), message: /:1:\d+: nested more than/ },
  { name: "a YAML tag in a manifest", run: validateFile("tag.yaml", `${CONFIG_MAP}  c: !!python/object:os.system x\n`), message: /:8:\d+: YAML tag/ },
  { name: "keys True and true in a manifest", run: validateFile("dup.yaml", `${CONFIG_MAP}  True: x\n  true: y\n`), message: /:9:\d+: .*(duplicate key|unique)/i },
  { name: "keys 1 and 0x1 in a manifest", run: validateFile("dup.yaml", `${CONFIG_MAP}  1: x\n  0x1: y\n`), message: /:9:\d+: .*(duplicate key|unique)/i },
  { name: "a document without kind", run: validateFile("nokind.yaml", "apiVersion: v1\nmetadata: { name: x }\n"), message: /has no kind/ },
  { name: "a List with a bad item", run: validateFile("list.yaml", "apiVersion: v1\nkind: List\nitems:\n  - 5\n"), message: /List item 0/ },
  { name: "a scalar document", run: validateFile("scalar.yaml", "just text\n"), message: /not a mapping/ },
  { name: "an alias bomb in a manifest", run: validateFile("bomb.yaml", `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`), message: /alias/ },
];

const duplicateCases = (): ValidateCase[] => {
  const report = () => join(scratch("report"), "report.json");
  const findings = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { findings: Array<{ policy: string; file: string; line: number }> }).findings.filter((f) => f.policy === "duplicate-object");
  const cases: Array<{ name: string; files: Record<string, string>; expected: number }> = [
    { name: "one object twice in one file", files: { "a.yaml": `${CONFIG_MAP}---\n${CONFIG_MAP}` }, expected: 1 },
    { name: "one object in two files", files: { "a.yaml": CONFIG_MAP, "b.yaml": CONFIG_MAP }, expected: 1 },
    { name: "a NetworkPolicy named like the namespace's default-deny", files: { "a.yaml": "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: default-deny, namespace: ml }\nspec: { podSelector: {} }\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: default-deny, namespace: ml }\nspec: { podSelector: { matchLabels: { app: x } } }\n" }, expected: 1 },
  ];
  return cases.map((c) => {
    const out = report();
    return {
      name: `duplicate objects: ${c.name}`,
      code: 1,
      run: () => {
        const dir = scratch("dup");
        for (const [file, text] of Object.entries(c.files)) writeFileSync(join(dir, file), text);
        return runInProcess("validate", [dir, "--policy", "duplicate-object", "--format", "json", "--output", out]);
      },
      after: () => expect(findings(out)).toHaveLength(c.expected),
    };
  });
};

const outputCases = (): ValidateCase[] => {
  const listing = (dir: string) => readdirSync(dir).sort();
  let dir = "";
  const fresh = () => (dir = scratch("output"));
  return [
    { name: "--output into a directory", run: () => (fresh(), runInProcess("validate", ["--list", "--output", dir])), message: /is a directory/, after: () => expect(listing(dir)).toEqual([]) },
    { name: "--output into a missing folder", run: () => (fresh(), runInProcess("validate", ["--list", "--output", join(dir, "no/such/report.txt")])), message: /no such file/, after: () => expect(listing(dir)).toEqual([]) },
    { name: "--output where a path part is a file", run: () => (fresh(), writeFileSync(join(dir, "file"), "x"), runInProcess("validate", ["--list", "--output", join(dir, "file/report.txt")])), message: /not a directory/, after: () => expect(listing(dir)).toEqual(["file"]) },
    {
      name: "--output with a symlink planted at the old temporary name",
      code: 0,
      run: () => {
        fresh();
        writeFileSync(join(dir, "victim"), "precious\n");
        symlinkSync(join(dir, "victim"), join(dir, "report.txt.tmp"));
        return runInProcess("validate", ["--list", "--output", join(dir, "report.txt")]);
      },
      after: () => {
        expect(readFileSync(join(dir, "victim"), "utf8")).toBe("precious\n");
        expect(listing(dir)).toEqual(["report.txt", "report.txt.tmp", "victim"]);
        expect(lstatSync(join(dir, "report.txt")).isFile()).toBe(true);
      },
    },
    {
      name: "--output onto a symlink replaces the link, not its target",
      code: 0,
      run: () => {
        fresh();
        writeFileSync(join(dir, "victim"), "precious\n");
        symlinkSync(join(dir, "victim"), join(dir, "report.txt"));
        return runInProcess("validate", ["--list", "--output", join(dir, "report.txt")]);
      },
      after: () => {
        expect(readFileSync(join(dir, "victim"), "utf8")).toBe("precious\n");
        expect(lstatSync(join(dir, "report.txt")).isFile()).toBe(true);
        expect(listing(dir)).toEqual(["report.txt", "victim"]);
      },
    },
  ];
};

const crdCase = (name: string, make: (dir: string) => void, message: RegExp): ValidateCase => ({
  name: `--crds: ${name}`,
  run: () => {
    const dir = scratch("crds");
    make(dir);
    writeFileSync(join(dir, "..", `${dir.split("/").pop()}-cm.yaml`), CONFIG_MAP);
    return runInProcess("validate", [join(dir, "..", `${dir.split("/").pop()}-cm.yaml`), "--crds", dir]);
  },
  message,
});

const CRD_HEAD = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: widgets.example.com }\nspec:\n  group: example.com\n  names: { kind: Widget, plural: widgets }\n  scope: Namespaced\n";

const crdCases = (): ValidateCase[] => [
  {
    name: "--crds naming a missing folder (with valid input)",
    run: () => {
      const dir = scratch("c");
      writeFileSync(join(dir, "cm.yaml"), CONFIG_MAP);
      return runInProcess("validate", [join(dir, "cm.yaml"), "--crds", join(dir, "missing")]);
    },
    message: /CRD folder: no such file/,
  },
  {
    name: "--crds naming a file",
    run: () => {
      const dir = scratch("c");
      writeFileSync(join(dir, "cm.yaml"), CONFIG_MAP);
      return runInProcess("validate", [join(dir, "cm.yaml"), "--crds", join(dir, "cm.yaml")]);
    },
    message: /cm\.yaml: CRD folder: not a folder/,
  },
  crdCase("spec.versions is a number", (d) => writeFileSync(join(d, "crd.yaml"), `${CRD_HEAD}  versions: 5\n`), /crd\.yaml:8:\d+ spec\.versions: invalid CustomResourceDefinition/),
  crdCase("a version without a name", (d) => writeFileSync(join(d, "crd.yaml"), `${CRD_HEAD}  versions:\n    - served: true\n`), /crd\.yaml:9:\d+ spec\.versions\.0\.name/),
  crdCase("a schema that is a string", (d) => writeFileSync(join(d, "crd.yaml"), `${CRD_HEAD}  versions:\n    - name: v1\n      schema: { openAPIV3Schema: text }\n`), /spec\.versions\.0\.schema\.openAPIV3Schema/),
  crdCase("a CRD without a group", (d) => writeFileSync(join(d, "crd.yaml"), CRD_HEAD.replace("  group: example.com\n", "") + "  versions: []\n"), /spec\.group/),
  crdCase("random bytes", (d) => writeFileSync(join(d, "crd.yaml"), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31 + 7) % 256))), /crd\.yaml:\d+:\d+: invalid UTF-8/),
  crdCase("malformed YAML", (d) => writeFileSync(join(d, "crd.yaml"), `${CRD_HEAD}  versions: [\n`), /crd\.yaml:\d+:\d+: /),
  crdCase("a symlink loop", (d) => symlinkSync("crd.yaml", join(d, "crd.yaml")), /crd\.yaml: symbolic link loop/),
];

const waiverCase = (name: string, text: string | Buffer | undefined, message: RegExp, extra: Partial<ValidateCase> = {}): ValidateCase => ({
  name: `--waivers: ${name}`,
  run: () => {
    const dir = scratch("w");
    writeFileSync(join(dir, "cm.yaml"), CONFIG_MAP);
    if (text !== undefined) writeFileSync(join(dir, "waivers.yaml"), text);
    return runInProcess("validate", [join(dir, "cm.yaml"), "--waivers", join(dir, "waivers.yaml")]);
  },
  message,
  ...extra,
});

const waiver = (expires: string, target = "{ name: settings }") =>
  `waivers:\n  - policy: required-labels\n    target: ${target}\n    reason: a reason long enough\n    owner: team\n    expires: '${expires}'\n`;

const waiverCases = (): ValidateCase[] => [
  waiverCase("a missing file", undefined, /waivers\.yaml: no such file/),
  waiverCase("expires on February 30th", waiver("2099-02-30"), /waivers\.yaml:6:\d+ waivers\.0\.expires: .*not a date of the calendar/),
  waiverCase("expires in month 13", waiver("2099-13-01"), /not a date of the calendar/),
  waiverCase("expires on day 00", waiver("2099-01-00"), /not a date of the calendar/),
  waiverCase("expires on February 29th of a common year", waiver("2099-02-29"), /not a date of the calendar/),
  waiverCase("invalid UTF-8", Buffer.concat([Buffer.from(waiver("2099-01-01")), Buffer.from([0x23, 0xff, 0x0a])]), /waivers\.yaml:7:2: invalid UTF-8/),
  waiverCase("a directory", undefined, /is a directory/, {
    run: () => {
      const dir = scratch("w");
      writeFileSync(join(dir, "cm.yaml"), CONFIG_MAP);
      mkdirSync(join(dir, "waivers.yaml"));
      return runInProcess("validate", [join(dir, "cm.yaml"), "--waivers", join(dir, "waivers.yaml")]);
    },
  }),
  {
    name: "--waivers: a backtracking glob against a long name finishes at once",
    code: 0,
    run: async () => {
      const dir = scratch("w");
      writeFileSync(join(dir, "cm.yaml"), CONFIG_MAP.replace("name: settings", `name: ${"a".repeat(60)}`));
      writeFileSync(join(dir, "waivers.yaml"), waiver("2099-01-01", "{ name: '*a*a*a*a*a*a*a*a*a*a*a*a*b' }"));
      const started = performance.now();
      const outcome = await runInProcess("validate", [join(dir, "cm.yaml"), "--waivers", join(dir, "waivers.yaml"), "--output", join(dir, "report.txt")]);
      expect(performance.now() - started).toBeLessThan(5000);
      return outcome;
    },
  },
  {
    name: "--config naming a missing file",
    run: () => {
      const dir = scratch("cfg");
      writeFileSync(join(dir, "cm.yaml"), CONFIG_MAP);
      return runInProcess("validate", [join(dir, "cm.yaml"), "--config", join(dir, "config.yaml")]);
    },
    message: /config\.yaml/,
  },
  {
    name: "--config naming a directory",
    run: () => {
      const dir = scratch("cfg");
      writeFileSync(join(dir, "cm.yaml"), CONFIG_MAP);
      return runInProcess("validate", [join(dir, "cm.yaml"), "--config", dir]);
    },
    message: /directory/,
  },
];

/** Cases whose behaviour needs a real process: standard input, the exit code itself. */
const spawnedCases = (): ValidateCase[] => [
  { name: "validate - reading /dev/zero stops at the limit (spawned)", run: () => runSpawned("validate", ["-"], { stdin: Bun.file("/dev/zero") }), where: "<stdin>: ", message: /byte limit|invalid UTF-8|nested/ },
  {
    name: "validate - with invalid UTF-8 on standard input (spawned)",
    run: () => {
      const dir = scratch("stdin");
      writeFileSync(join(dir, "in.yaml"), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]));
      return runSpawned("validate", ["-"], { stdin: Bun.file(join(dir, "in.yaml")) });
    },
    where: "<stdin>:1:4: ",
    message: /invalid UTF-8/,
  },
  {
    name: "an unreadable manifest (spawned as an unprivileged user)",
    run: () => {
      const dir = scratch("perm");
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, "secret.yaml"), CONFIG_MAP);
      chmodSync(join(dir, "secret.yaml"), 0o000);
      return runSpawned("validate", [join(dir, "secret.yaml"), "--output", join(dir, "report.txt")], { unprivileged: true });
    },
    message: /secret\.yaml: permission denied/,
  },
  {
    name: "--output into a folder the user cannot write (spawned as an unprivileged user)",
    run: async () => {
      const dir = scratch("perm");
      chmodSync(dir, 0o755);
      const outcome = await runSpawned("validate", ["--list", "--output", join(dir, "report.txt")], { unprivileged: true });
      expect(readdirSync(dir)).toEqual([]);
      return outcome;
    },
    message: /report\.txt: cannot write: permission denied/,
  },
  {
    name: "validate on a FIFO exits 2 at once (spawned)",
    run: async () => {
      const dir = scratch("fifo");
      mkfifo(join(dir, "pipe.yaml"));
      const outcome = await runSpawned("validate", [join(dir, "pipe.yaml")], { timeoutMs: 15_000 });
      expect(outcome.timedOut).toBe(false);
      return outcome;
    },
    message: /not a regular file/,
  },
  {
    name: "validate --output into a directory leaves no temporary file (spawned)",
    run: async () => {
      const dir = scratch("out");
      const outcome = await runSpawned("validate", ["--list", "--output", dir]);
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(`${dir}.tmp`)).toBe(false);
      return outcome;
    },
    message: /is a directory/,
  },
];

export function validateCases(): ValidateCase[] {
  return [...inputCases(), ...duplicateCases(), ...outputCases(), ...crdCases(), ...waiverCases(), ...spawnedCases()];
}
