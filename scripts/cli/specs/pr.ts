import type { CommandSpec } from "../spec";
import { ENV_OPTION, ROOT_OPTION } from "./root-option";

export const PR = {
  name: "pr",
  summary: "open or update the GitOps pull request of each environment",
  description: `Synthesizes and validates, then proposes the change to generated/ as one pull
request per environment (gitops section of environments/<env>.yaml).`,
  options: {
    env: ENV_OPTION,
    "dry-run": { type: "boolean", description: "write nothing, need no token: print the PR and the files it would change" },
    "base-ref": { type: "string", value: "REF", description: "with --dry-run: compare with this local git ref instead of reading GitHub" },
    "allow-violations": { type: "boolean", description: "open the PR despite error-level policy violations (stated in the PR body)" },
    transport: { type: "string", choices: ["github", "git"], default: "github", description: "github: the GitHub API; git: push the bot branch to --remote" },
    remote: { type: "string", value: "URL", description: "with --transport git: the repository to push to" },
    templates: { type: "string", value: "DIR", complete: "directory", description: "PR body templates overriding scripts/pr/templates (default: templates/pr if present)" },
    root: ROOT_OPTION,
  },
  footer: "Environment: GITHUB_TOKEN or GH_TOKEN (never printed), GITHUB_API_URL for GitHub Enterprise.",
} as const satisfies CommandSpec;
