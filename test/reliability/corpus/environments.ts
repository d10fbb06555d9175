import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VALID_DEV } from "../../helpers/bad-environments";
import type { Expected } from "../harness";

/**
 * Hostile environment inputs: each breaks one thing in a valid dev
 * environment (or the files around it) and names the line `synth` must print.
 */
export interface EnvironmentCase extends Expected {
  name: string;
  /** dev.yaml's new text; `undefined` keeps the valid one. */
  text?: string | Buffer;
  /** Anything else to put in place (files, symlinks, FIFOs) in the scratch repository. */
  setup?: (root: string) => void;
}


const DEV = "environments/dev.yaml";
const at = (line: number, field?: string) => new RegExp(`^error: ${DEV.replace(/\./g, "\\.")}:${line}:\\d+${field ? ` ${field.replace(/\./g, "\\.")}` : "( \\S+)?"}: `);
/** A service with everything it needs but a name. */
const newService = (name: string, extra = "") => `  ${name}:\n    image: { repository: ghcr.io/acme/x, tag: "1.0" }\n    resources: { cpu: 100m, memory: 128Mi }\n${extra}`;
const withService = (lines: string) => VALID_DEV + lines;

const cronCases = (): EnvironmentCase[] => {
  const unsupported = ["0 2 L * *", "0 2 * * 5L", "0 2 15W * *", "0 2 LW * *", "0 2 * * 1#2", "0 2 * * MON#1", "0 L * * *", "0 2 * * 7", "0 2 1-31/0 * *", "0 2 * * L"];
  const malformed = ["@daily", "0 2 * * * *", "0 2 * *", "60 * * * *", "0 24 * * *", "0 0 32 * *", "0 0 * 13 *", "H 2 * * *", "0 2 * * MON-", "*/ * * * *"];
  return [
    ...[...unsupported, ...malformed].map((expr) => ({
      name: `backup schedule "${expr}"`,
      text: withService(`backup: { schedule: "${expr}" }\n`),
      where: at(12, "backup.schedule"),
      message: /cron expression/,
    })),
    ...["0 10 L * *", "0 10 * * 1#3", "0 10 10W * *"].map((expr) => ({
      name: `chaos schedule "${expr}"`,
      text: withService(`    chaos: { podKill: { schedule: "${expr}" } }\n`),
      where: at(12, "services.llm-chat.chaos.podKill.schedule"),
      message: /robfig\/cron/,
    })),
  ];
};

/** Keys YAML reads as one value though they are spelt differently. */
const duplicateKeyCases = (): EnvironmentCase[] => {
  const pairs = [["true", "True"], ["true", "TRUE"], ["false", "False"], ["1", "0x1"], ["1", "01"], ["1", '"1"'], ["1", "+1"], ["null", "~"], ["1", "1.0"], ["10", "0o12"]];
  return [
    ...pairs.map(([a, b]) => ({
      name: `env keys ${a} and ${b} in block style`,
      text: withService(`    env:\n      ${a}: one\n      ${b}: two\n`),
      where: new RegExp(`^error: ${DEV.replace(/\./g, "\\.")}:1[34]:\\d+: `),
      message: /duplicate key|keys must be unique/i,
    })),
    ...pairs.slice(0, 4).map(([a, b]) => ({
      name: `env keys ${a} and ${b} in flow style`,
      text: withService(`    env: { ${a}: one, ${b}: two }\n`),
      where: at(12),
      message: /duplicate key|keys must be unique/i,
    })),
  ];
};

const tagCases = (): EnvironmentCase[] =>
  ["!!python/object:os.system x", "!env HOME", "!!binary aGk=", "!!timestamp 2001-12-14", "!custom x", "!<tag:yaml.org,2002:python/name> x", "!!js/function f", "!vault secret/x"].map((tagged) => ({
    name: `a YAML tag (${tagged.split(" ")[0]})`,
    text: withService(`    env: { FOO: ${tagged} }\n`),
    where: at(12),
    message: /YAML tag .* is not supported/,
  }));

const utf8Cases = (): EnvironmentCase[] => {
  const bad: Array<[string, number[]]> = [
    ["a lone 0xff", [0xff]],
    ["a lone continuation byte", [0x80]],
    ["an overlong slash", [0xc0, 0xaf]],
    ["a UTF-16 surrogate", [0xed, 0xa0, 0x80]],
    ["a code point above U+10FFFF", [0xf5, 0x80, 0x80, 0x80]],
    ["a truncated sequence", [0xe2, 0x82]],
    ["Latin-1 text", [0x63, 0x61, 0x66, 0xe9]],
  ];
  const cases = bad.map(([what, bytes]) => ({
    name: `invalid UTF-8: ${what} in a value`,
    text: Buffer.concat([Buffer.from(withService("    env: { NOTE: ")), Buffer.from(bytes), Buffer.from(" }\n")]),
    where: at(12),
    message: /invalid UTF-8/,
  }));
  cases.push({ name: "invalid UTF-8 in a comment", text: Buffer.concat([Buffer.from("# caf"), Buffer.from([0xe9]), Buffer.from("\n" + VALID_DEV)]), where: at(1), message: /invalid UTF-8/ });
  return cases;
};

const quantityCases = (): EnvironmentCase[] => {
  const nines = "9".repeat(400);
  return [
    { name: "400 nines Ei as quota memory", text: VALID_DEV.replace("memory: 160Gi", `memory: ${nines}Ei`), where: at(8, "namespaces.ml-dev.quota.memory") },
    { name: "400 nines as quota cpu", text: VALID_DEV.replace('cpu: "40"', `cpu: "${nines}"`), where: at(8, "namespaces.ml-dev.quota.cpu") },
    { name: "400 nines Ei as a service's memory", text: withService(`    resources: { cpu: "1", memory: ${nines}Ei }\n`), where: at(12, "services.llm-chat.resources.memory") },
    { name: "400 nines as a service's cpu", text: withService(`    resources: { cpu: "${nines}", memory: 1Gi }\n`), where: at(12, "services.llm-chat.resources.cpu") },
    { name: "400 nines Ei as the model cache size", text: withService(`    modelCache: { sizeLimit: ${nines}Ei }\n`), where: at(12, "services.llm-chat.modelCache.sizeLimit") },
    { name: "a quantity in scientific notation", text: VALID_DEV.replace("memory: 160Gi", "memory: 1e300Gi"), where: at(8, "namespaces.ml-dev.quota.memory") },
    { name: "a negative quantity", text: VALID_DEV.replace('cpu: "40"', 'cpu: "-40"'), where: at(8, "namespaces.ml-dev.quota.cpu") },
    { name: "a hexadecimal quantity", text: VALID_DEV.replace('cpu: "40"', 'cpu: "0x28"'), where: at(8, "namespaces.ml-dev.quota.cpu") },
    { name: "a quantity with two dots", text: VALID_DEV.replace('cpu: "40"', 'cpu: "4.0.0"'), where: at(8, "namespaces.ml-dev.quota.cpu") },
    { name: "a quantity with an unknown suffix", text: VALID_DEV.replace("memory: 160Gi", "memory: 160GB"), where: at(8, "namespaces.ml-dev.quota.memory") },
  ];
};

const nameCases = (): EnvironmentCase[] => [
  ...["default-deny", "allow-dns", "workload-alerts", "compute", "container-defaults"].map((reserved) => ({
    name: `a service named ${reserved}`,
    text: withService(newService(reserved)),
    where: at(12, `services.${reserved}`),
    message: /cannot name a service: every namespace has an object of that name/,
  })),
  { name: "a platform name that makes derived names too long", text: withService(`platform: ${"p".repeat(55)}\n`), where: at(12, "platform"), message: /too long/ },
  { name: "a service name of 46 characters", text: withService(`  ${"s".repeat(46)}:\n    replicas: 2\n`), where: at(12, `services.${"s".repeat(46)}`), message: /not a valid name/ },
  { name: "a namespace name of 64 characters", text: VALID_DEV.replace("  ml-dev:\n", `  ${"n".repeat(64)}:\n`), where: at(7), message: /not a valid name/ },
  { name: "a service name with a dot", text: withService("  llm.chat:\n    replicas: 2\n"), where: at(12, "services.llm.chat"), message: /not a valid name/ },
  { name: "a service name with upper case", text: withService("  LLM:\n    replicas: 2\n"), where: at(12, "services.LLM"), message: /not a valid name/ },
  { name: "a rule label value of 64 characters", text: withService(`monitoring: { ruleLabels: { release: ${"r".repeat(64)} } }\n`), where: at(12, "monitoring.ruleLabels.release"), message: /63 characters/ },
  { name: "a rule label key with a space", text: withService('monitoring: { ruleLabels: { "my key": x } }\n'), where: at(12, "monitoring.ruleLabels.my key"), message: /not a label key/ },
  { name: "a DNS pod label value ending in a dash", text: withService("dns: { podLabels: { k8s-app: kube-dns- } }\n"), where: at(12, "dns.podLabels.k8s-app") },
  { name: "a GPU node label value of 64 characters", text: withService(`gpuPools: { l4: { nodeLabel: { key: nvidia.com/gpu.product, value: ${"L".repeat(64)} } } }\n`), where: at(12, "gpuPools.l4.nodeLabel.value"), message: /63 characters/ },
  ...[64, 100, 250].map((length) => ({
    name: `an environment name of ${length} characters`,
    setup: (root: string) => writeFileSync(join(root, "environments", `${"e".repeat(length)}.yaml`), VALID_DEV),
    where: `environments/${"e".repeat(length)}.yaml: `,
    message: /label value|too long/,
  })),
];

const fileCases = (): EnvironmentCase[] => [
  { name: "an environment file named .yml", setup: (root) => writeFileSync(join(root, "environments/qa.yml"), VALID_DEV), where: "environments/qa.yml: ", message: /end in \.yaml/ },
  { name: "an environment file named .YAML", setup: (root) => writeFileSync(join(root, "environments/qa.YAML"), VALID_DEV), where: "environments/qa.YAML: ", message: /end in \.yaml/ },
  { name: "an environment file that is a directory", setup: (root) => mkdirSync(join(root, "environments/qa.yaml")), where: "environments/qa.yaml: ", message: /is a directory/ },
  { name: "an environment file that is a symlink loop", setup: (root) => symlinkSync("qa.yaml", join(root, "environments/qa.yaml")), where: "environments/qa.yaml: ", message: /symbolic link loop/ },
  { name: "an environment file that is a dangling symlink", setup: (root) => symlinkSync("nowhere.yaml", join(root, "environments/qa.yaml")), where: "environments/qa.yaml: ", message: /no such file/ },
  { name: "an environment file that is a FIFO", setup: (root) => mkfifo(join(root, "environments/qa.yaml")), where: "environments/qa.yaml: ", message: /not a regular file/ },
  { name: "an environment file linked to /dev/zero", setup: (root) => symlinkSync("/dev/zero", join(root, "environments/qa.yaml")), where: "environments/qa.yaml: ", message: /not a regular file/ },
  { name: "an environment file linked to /dev/urandom", setup: (root) => symlinkSync("/dev/urandom", join(root, "environments/qa.yaml")), where: "environments/qa.yaml: ", message: /not a regular file/ },
  { name: "a 50 MB string value", setup: (root) => writeFileSync(join(root, "environments/qa.yaml"), `${VALID_DEV}notes: "${"x".repeat(50 * 1024 * 1024)}"\n`), where: "environments/qa.yaml: ", message: /more than the \d+-byte limit/ },
  { name: "a 5 MB file of comments", setup: (root) => writeFileSync(join(root, "environments/qa.yaml"), `${"# padding\n".repeat(500_000)}${VALID_DEV}`), where: "environments/qa.yaml: ", message: /byte limit/ },
  { name: "extends naming a directory", setup: (root) => mkdirSync(join(root, "environments/parent.yaml")), text: VALID_DEV.replace("extends: base", "extends: parent"), where: "environments/parent.yaml: ", message: /is a directory/ },
  { name: "extends naming a symlink loop", setup: (root) => symlinkSync("parent.yaml", join(root, "environments/parent.yaml")), text: VALID_DEV.replace("extends: base", "extends: parent"), where: "environments/parent.yaml: ", message: /symbolic link loop/ },
];

const nestingCases = (): EnvironmentCase[] => [
  { name: "10,000-deep flow sequences", text: withService(`notes: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`), where: at(12), message: /nested more than \d+ levels/ },
  { name: "10,000-deep flow mappings", text: withService(`notes: ${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}\n`), where: at(12), message: /nested more than \d+ levels/ },
  { name: "10,000-deep block sequence items", text: withService(`notes:\n  ${"- ".repeat(10_000)}x\n`), where: at(13), message: /nested more than \d+ levels/ },
  { name: "200-deep block mappings", text: withService(Array.from({ length: 200 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n") + " x\n"), message: /nested more than \d+ levels/ },
  { name: "unclosed 10,000-deep flow sequence", text: withService(`notes: ${"[".repeat(10_000)}\n`), where: at(12), message: /nested more than \d+ levels/ },
];

const multiErrorCases = (): EnvironmentCase[] => [
  {
    name: "three mistakes in one file, all reported in line order",
    text: VALID_DEV.replace("count: 1", "count: 0") + "  embeddings:\n    imgae: x\n  search:\n    replicas: -1\n",
    lines: 3,
    where: at(11, "services.llm-chat.gpu.count"),
    message: /imgae[\s\S]*replicas/,
  },
  {
    name: "thirty mistakes: twenty reported, then how many more",
    text: withService(Array.from({ length: 30 }, (_, i) => newService(`svc-${String(i).padStart(2, "0")}`, `    bogus${i}: 1\n`)).join("")),
    lines: 21,
    where: at(15),
    message: /and 10 more errors$/,
  },
  {
    name: "mistakes in two environment files, sorted by file",
    setup: (root) => writeFileSync(join(root, "environments/qa.yaml"), VALID_DEV.replace("tier: development", "tier: nonsense")),
    text: VALID_DEV.replace("count: 1", "count: 0"),
    lines: 2,
    where: at(11, "services.llm-chat.gpu.count"),
    message: /qa\.yaml:2:\d+ tier/,
  },
  {
    name: "a file that does not parse beside mistakes in another environment: both reported",
    setup: (root) => writeFileSync(join(root, "environments/qa.yaml"), VALID_DEV.replace("count: 1 }", "count: 1")),
    text: VALID_DEV.replace("count: 1", "count: 0"),
    lines: 2,
    where: at(11, "services.llm-chat.gpu.count"),
    message: /qa\.yaml:\d+:\d+: /,
  },
  {
    name: "a missing parent and mistakes in the child: only the chain's line (the rest needs the parent)",
    text: VALID_DEV.replace("extends: base", "extends: nowhere") + "    imgae: x\n",
    where: at(1, "extends"),
    message: /nowhere\.yaml does not exist/,
  },
  {
    name: "mistakes in every environment and in their shared parent: the parent's once, then each file's",
    setup: (root) => {
      writeFileSync(join(root, "environments/common.yaml"), "abstract: true\nextends: base\nservices:\n  search:\n    replicas: 0\n");
      for (const name of ["qa", "qa2"]) writeFileSync(join(root, `environments/${name}.yaml`), VALID_DEV.replace("extends: base", "extends: common") + "    imgae: x\n");
    },
    text: VALID_DEV.replace("count: 1", "count: 0"),
    lines: 4,
    where: /^error: environments\/common\.yaml:5:5 services\.search\.replicas: must be >= 1$/,
    message: /dev\.yaml:11:\d+ services\.llm-chat\.gpu\.count[\s\S]*qa\.yaml:12:5 services\.llm-chat\.imgae[\s\S]*qa2\.yaml:12:5 services\.llm-chat\.imgae/,
  },
  {
    name: "a dependency on a service the schema refused is not reported missing",
    text: withService("  search:\n    replicsa: 1\n  embeddings:\n    dependencies: { services: [search] }\n"),
    where: at(13, "services.search.replicsa"),
    message: /unknown field "replicsa"/,
  },
  { name: "services written as a list: one line, no check stumbles", text: VALID_DEV.replace(/services:[\s\S]*/, "services: [llm-chat]\n"), where: at(9, "services"), message: /must be an object/ },
  {
    name: "every environment-wide section of the wrong type: each one line, no check stumbles",
    text: withService("gpuPools: [l4]\nmonitoring: off\nbackup: daily\nchaos: 1\ncommonLabels: []\nmanifests: {}\n").replace("tier: development", "tier: [production]"),
    lines: 7,
    where: at(2, "tier"),
    message: /gpuPools[\s\S]*monitoring[\s\S]*backup[\s\S]*chaos[\s\S]*commonLabels[\s\S]*manifests/,
  },
  {
    name: "5,000 unknown fields: the first twenty and how many more, in linear time",
    text: withService(Array.from({ length: 5000 }, (_, i) => `    bogus${i}: 1\n`).join("")),
    lines: 21,
    where: at(12, "services.llm-chat.bogus0"),
    message: /and 4980 more errors$/,
  },
  {
    name: "mistakes in the environment and in its manifest files, each reported",
    setup: (root) => {
      mkdirSync(join(root, "environments/extra"));
      writeFileSync(join(root, "environments/extra/objects.yaml"), "kind: ConfigMap\n---\napiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: ml-dev }\n");
    },
    text: withService("    imgae: x\nmanifestFiles: [extra/objects.yaml, ../outside.yaml]\n"),
    lines: 4,
    where: at(12, "services.llm-chat.imgae"),
    message: /manifestFiles\.1: "\.\.\/outside\.yaml" leaves[\s\S]*objects\.yaml:1:1 document 1: a Kubernetes object needs apiVersion[\s\S]*objects\.yaml:4:1 kind: Secrets never/,
  },
];

const structureCases = (): EnvironmentCase[] => [
  { name: "an empty file", text: "", where: at(1), message: /file is empty/ },
  { name: "only comments", text: "# nothing here\n", where: at(1), message: /file is empty/ },
  { name: "a list at the top level", text: "- a\n- b\n", where: at(1), message: /mapping at the top level/ },
  { name: "a scalar at the top level", text: "hello\n", where: at(1), message: /mapping at the top level/ },
  { name: "two YAML documents", text: `${VALID_DEV}---\n${VALID_DEV}`, where: at(1), message: /one YAML document/ },
  { name: "a merge key", text: withService("  search: { <<: { replicas: 2 } }\n"), where: at(12) },
  { name: "tab indentation", text: VALID_DEV.replace("  llm-chat:\n", "\tllm-chat:\n"), where: at(10) },
  { name: "an unterminated quoted string", text: withService('notes: "open\n'), where: /^error: environments\/dev\.yaml:1\d:\d+: / },
  { name: "a NUL byte", text: withService("notes: a\u0000b\n"), where: at(12) },
  { name: "a __proto__ key in a service", text: withService("    __proto__: { replicas: 9 }\n"), where: at(12), message: /"__proto__" is not allowed/ },
  { name: "a prototype key at the top", text: withService("prototype: {}\n"), where: at(12), message: /"prototype" is not allowed/ },
  { name: "extends with a path", text: VALID_DEV.replace("extends: base", "extends: ../../etc/passwd"), where: at(1, "extends"), message: /must name another environment file/ },
  { name: "extends a number", text: VALID_DEV.replace("extends: base", "extends: 5"), where: at(1, "extends"), message: /must name another environment file/ },
  { name: "extends itself", text: VALID_DEV.replace("extends: base", "extends: dev"), where: at(1, "extends"), message: /cyclic extends/ },
  { name: "extends a missing file", text: VALID_DEV.replace("extends: base", "extends: gone"), where: at(1, "extends"), message: /does not exist/ },
  { name: "an alias bomb", text: `${VALID_DEV}a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`, where: at(13), message: /alias/ },
  { name: "a service that is a list", text: withService("  search: [1, 2]\n"), where: at(12, "services.search") },
  { name: "a string where a number belongs", text: withService('    replicas: "two"\n'), where: at(12, "services.llm-chat.replicas") },
  { name: "an unknown top-level field", text: VALID_DEV + "foo: 1\n", where: at(12, "foo"), message: /unknown field "foo"/ },
  { name: "an ingress host taken twice", text: withService("    ingress: { host: a.example.com }\n  search:\n    ingress: { host: a.example.com }\n"), where: at(14, "services.search.ingress.host"), message: /already served/ },
];

export function environmentCases(): EnvironmentCase[] {
  return [...cronCases(), ...duplicateKeyCases(), ...tagCases(), ...utf8Cases(), ...quantityCases(), ...nameCases(), ...fileCases(), ...nestingCases(), ...multiErrorCases(), ...structureCases()];
}

export function mkfifo(path: string): void {
  const made = Bun.spawnSync(["mkfifo", path]);
  if (made.exitCode !== 0) throw new Error(`mkfifo ${path} failed`);
}
