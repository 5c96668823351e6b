import type { OpenAPIObject } from '@nestjs/swagger';

/*
 * The one pass over the document @nestjs/swagger generates that makes it say what the server does in the terms
 * OpenAPI 3.1 validators and generators read (openapi-typescript, openapi-fetch, ajv-based response validators). The
 * DTOs and route decorators stay the source of every fact; this pass only changes how some facts are spelled, and adds
 * the ones a decorator cannot say:
 * - `nullable` (OpenAPI 3.0, which Nest writes) becomes a `'null'` type or a `{ type: 'null' }` branch: Nest writes a
 *   nullable reference as `allOf: [$ref], nullable: true`, which validators read as never null (and its own 3.1
 *   `anyOf: [$ref, null]` becomes the `oneOf` it means);
 * - request bodies carry no `default` (generators read a default as "always present", making the field required in
 *   a create body and even in PATCH): the default is said in words in the description instead;
 * - the rules a DTO class declares with SchemaRule (`anyOf`: at least one title, at least one link) join its schema;
 * - array query parameters are comma-separated, as http/list-query.dto.ts parses them: `style: form, explode: false`;
 * - every /api/v1 response carries the rate-limit headers (http/rate-limit.ts, IETF draft 7 fields).
 */

type Schema = Record<string, unknown>;

/** Schema keywords a DTO class adds to its own component: JSON Schema rules that no property decorator can say. */
const SCHEMA_RULES = new Map<string, Schema[]>();

/**
 * Adds JSON Schema keywords to the component schema of the decorated DTO class (not to its subclasses): `required`
 * joins the properties Nest lists as required, and each other rule (an `anyOf`) becomes one entry of `allOf`.
 */
export function SchemaRule(rule: Schema): ClassDecorator {
  return (target) => {
    SCHEMA_RULES.set(target.name, [...(SCHEMA_RULES.get(target.name) ?? []), rule]);
  };
}

function applyRules(schema: Schema, rules: Schema[]): void {
  const branches: Schema[] = [];
  for (const { required, ...rest } of rules) {
    if (Array.isArray(required)) schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), ...(required as string[])])];
    if (Object.keys(rest).length) branches.push(rest);
  }
  // Inside allOf, not beside the properties: openapi-typescript reads a top-level anyOf as alternatives to the object.
  if (branches.length) schema.allOf = [...((schema.allOf as Schema[] | undefined) ?? []), ...branches];
}

/** "At least one of these fields, as a non-blank text", as JSON Schema: one `anyOf` branch per field. */
export function atLeastOneText(fields: readonly string[]): Schema {
  return { anyOf: fields.map((field) => ({ required: [field], properties: { [field]: { type: 'string', pattern: '\\S' } } })) };
}

/** "At least one of these links", as JSON Schema: one `anyOf` branch per id field, each a UUID. */
export function atLeastOneId(fields: readonly string[]): Schema {
  return { anyOf: fields.map((field) => ({ required: [field], properties: { [field]: { type: 'string', format: 'uuid' } } })) };
}

/** SchemaRule for the records named in kk/ru/en: `titleKk`, `titleRu` or `titleEn` (or `name*`) must be given. */
export const OneLanguageRequired = (prefix: 'title' | 'name') => SchemaRule(atLeastOneText([`${prefix}Kk`, `${prefix}Ru`, `${prefix}En`]));

const RATE_LIMIT_HEADERS = {
  RateLimit: {
    description: 'This client’s budget in the current window (IETF draft 7): `limit=100, remaining=99, reset=60`.',
    schema: { type: 'string', example: 'limit=100, remaining=99, reset=60' },
  },
  'RateLimit-Policy': { description: 'The limit and its window in seconds: `100;w=60`.', schema: { type: 'string', example: '100;w=60' } },
};

const UNSUPPORTED_MEDIA_TYPE: Schema = {
  description: 'The body is not application/json.',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
};

export function refineContract(document: OpenAPIObject): OpenAPIObject {
  document.openapi = '3.1.0';
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, rules] of SCHEMA_RULES) if (schemas[name]) applyRules(schemas[name], rules);
  for (const name of requestBodySchemas(document, schemas)) stripDefaults(schemas[name]);
  document.components = { ...document.components, headers: { ...document.components?.headers, ...RATE_LIMIT_HEADERS } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as { parameters?: Schema[]; requestBody?: Schema; responses?: Record<string, Schema> }[]) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query' && (parameter.schema as Schema | undefined)?.type === 'array') Object.assign(parameter, { style: 'form', explode: false });
      }
      if (!path.startsWith('/api/v1')) continue;
      // Every body is JSON: anything else is refused before the route (http/request-shape.ts).
      if (operation.requestBody) operation.responses['415'] ??= UNSUPPORTED_MEDIA_TYPE;
      for (const response of Object.values(operation.responses)) {
        response.headers = {
          ...(response.headers as object),
          RateLimit: { $ref: '#/components/headers/RateLimit' },
          'RateLimit-Policy': { $ref: '#/components/headers/RateLimit-Policy' },
        };
      }
    }
  }
  everySchema(document, toNullType);
  return document;
}

/** The component schemas request bodies use, with the components they contain. */
function requestBodySchemas(document: OpenAPIObject, schemas: Record<string, Schema>): Set<string> {
  const found = new Set<string>();
  const follow = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const ref = (node as Schema).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (found.has(name)) return;
      found.add(name);
      follow(schemas[name]);
      return;
    }
    for (const value of Object.values(node)) follow(value);
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { requestBody?: unknown }[]) if (operation && typeof operation === 'object') follow(operation.requestBody);
  }
  return found;
}

/** A request's default is what the server assumes when the field is absent: said in words, not as `default`. */
function stripDefaults(schema: Schema | undefined): void {
  for (const property of Object.values((schema?.properties ?? {}) as Record<string, Schema>)) {
    if (!('default' in property)) continue;
    const said = `Default: ${JSON.stringify(property.default)}.`;
    property.description = typeof property.description === 'string' ? `${property.description} ${said}` : said;
    delete property.default;
  }
}

/** Calls `visit` on every schema object of the document, nested ones included, parents before children. */
function everySchema(document: OpenAPIObject, visit: (schema: Schema) => void): void {
  const walkSchema = (schema: unknown) => {
    if (!schema || typeof schema !== 'object') return;
    const node = schema as Schema;
    visit(node);
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) for (const branch of (node[key] as unknown[] | undefined) ?? []) walkSchema(branch);
    for (const property of Object.values((node.properties ?? {}) as Record<string, unknown>)) walkSchema(property);
    walkSchema(node.items);
    if (typeof node.additionalProperties === 'object') walkSchema(node.additionalProperties);
  };
  // Schemas sit under `schema` keys (parameters, media types, headers) and in components.schemas.
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'schema') walkSchema(value);
      else walk(value);
    }
  };
  for (const schema of Object.values(document.components?.schemas ?? {})) walkSchema(schema);
  walk(document.paths);
  walk(document.components?.headers);
}

/** OpenAPI 3.0's `nullable: true` in 3.1 terms: `null` among the types, or a `{ type: 'null' }` branch. */
function toNullType(schema: Schema): void {
  const anyOf = schema.anyOf as Schema[] | undefined;
  if (anyOf?.length === 2 && anyOf.some((branch) => branch.type === 'null')) {
    // Nest's own 3.1 spelling of a nullable reference; the two branches exclude each other, so one of them it is.
    schema.oneOf = anyOf;
    delete schema.anyOf;
  }
  if (schema.nullable !== true) return;
  delete schema.nullable;
  const nullBranch = { type: 'null' };
  const allOf = schema.allOf as Schema[] | undefined;
  if (allOf?.length === 1 && typeof allOf[0].$ref === 'string') {
    // Nest's spelling of a nullable reference: `{ type: 'object', allOf: [$ref], nullable: true }`.
    delete schema.allOf;
    delete schema.type;
    schema.oneOf = [allOf[0], nullBranch];
  } else if (typeof schema.$ref === 'string') {
    schema.oneOf = [{ $ref: schema.$ref }, nullBranch];
    delete schema.$ref;
  } else if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const branches = (schema.oneOf ?? schema.anyOf) as Schema[];
    if (!branches.some((branch) => branch.type === 'null')) branches.push(nullBranch);
  } else if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
  } else {
    throw new Error(`A nullable schema without a type cannot be said in OpenAPI 3.1: ${JSON.stringify(schema)}`);
  }
}
