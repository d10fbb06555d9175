import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import configSchema from "../../policies/config.schema.json";
import policySchema from "../../policies/policy.schema.json";
import { waiverFileSchema } from "../../policies/engine/waivers";
import { OWN_CUSTOM_RESOURCE_SCHEMAS } from "../../policies/engine/custom-resource-schemas";

// The engine compiles these without checking them against the meta-schema (policies/engine/bundled-validator.ts): this is that check.
const BUNDLED: Array<[string, unknown]> = [
  ["policies/config.schema.json", configSchema],
  ["policies/policy.schema.json", policySchema],
  ["the waivers file schema", waiverFileSchema],
  ...Object.entries(OWN_CUSTOM_RESOURCE_SCHEMAS).map(([gvk, schema]): [string, unknown] => [`the ${gvk} schema`, JSON.parse(JSON.stringify(schema))]),
];

function metaSchemaErrors(schema: unknown): string {
  const ajv = new Ajv({ strict: false });
  return ajv.validateSchema(schema as object) ? "" : ajv.errorsText(ajv.errors);
}

describe("the schemas gitops-forge ships are valid JSON Schemas", () => {
  it.each(BUNDLED)("%s", (_name, schema) => {
    expect(metaSchemaErrors(schema)).toBe("");
  });

  it("the check finds a schema that is not one", () => {
    expect(metaSchemaErrors({ type: "object", properties: { replicas: { type: "int" } } })).toMatch(/type/);
  });
});
