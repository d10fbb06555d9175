import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { CORE_FIELDS_FILE, coreFields, renderCoreFields } from "../../scripts/gen-core-fields";

it("policies/engine/core-fields.json matches the installed @kubernetes/client-node models (run scripts/gen-core-fields.ts after an upgrade)", async () => {
  expect(readFileSync(CORE_FIELDS_FILE, "utf8")).toBe(renderCoreFields(await coreFields()));
});
