// The operations of the OpenAPI document the service itself serves (/api/openapi.json), and invalid requests
// generated from their schemas: what an integrator's buggy client or an attacker sends. Every generated write is
// invalid by construction (at least one part of it must be refused), so any write that is accepted is a defect.
import { call, fieldsOf } from './http.js';

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  /** Upper case: GET, POST, PATCH, DELETE. */
  method: string;
  /** The path template, e.g. /api/v1/memoranda/{id}. */
  path: string;
  id: string;
  pathParams: string[];
  query: ParameterObject[];
  headers: string[];
  body?: Schema;
  writes: boolean;
  /** The API key scope it needs: write for every change, and for the few reads that say so (`x-required-scope`). */
  requiredScope: 'read' | 'write';
  /** Needs an API key (everything but the health probes). */
  secured: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export async function readOpenApi(base: string): Promise<OpenApiDocument> {
  const reply = await call(base, 'GET', '/api/openapi.json');
  if (reply.status !== 200) throw new Error(`GET /api/openapi.json → ${reply.status} ${reply.text.slice(0, 200)}`);
  return reply.json as OpenApiDocument;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]): Operation => {
        const parameters = operation.parameters ?? [];
        const jsonBody = operation.requestBody?.content?.['application/json']?.schema;
        return {
          method: method.toUpperCase(),
          path,
          id: operation.operationId ?? `${method} ${path}`,
          pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          query: parameters.filter((p) => p.in === 'query'),
          headers: parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()),
          body: jsonBody && resolve(document, jsonBody),
          writes: method !== 'get',
          requiredScope: (operation as { 'x-required-scope'?: 'write' })['x-required-scope'] ?? (method === 'get' ? 'read' : 'write'),
          secured: !(Array.isArray(operation.security) && operation.security.length === 0),
        };
      }),
  );
}

/** A schema with its `$ref` (and a single `allOf`) followed. */
export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`The OpenAPI document has no schema ${schema.$ref}`);
    return resolve(document, target);
  }
  if (schema.allOf?.length === 1) return resolve(document, schema.allOf[0]);
  // OpenAPI 3.1's null (`type: [T, 'null']`, `oneOf: [X, { type: 'null' }]`), read as the schema X that may be null.
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((type) => type !== 'null');
    if (types.length === 1) return { ...schema, type: types[0], nullable: true };
  }
  const branches = schema.oneOf?.filter((branch) => branch.type !== 'null') ?? [];
  if (schema.oneOf && branches.length === 1 && branches.length < schema.oneOf.length) return { ...resolve(document, branches[0]), nullable: true };
  return schema;
}

export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`No value for {${name}} in ${template}`);
    return values[name];
  });
}

/** A record to aim at: the values of its path parameters and its current version. */
export interface Target {
  params: Record<string, string>;
  version: number;
}

/**
 * Real records for every path with parameters, read through the API's own lists (`/api/v1/memoranda` for
 * `/api/v1/memoranda/{id}`): the id (or a source's key) and version of up to `perCollection` of each.
 */
export async function targetsOf(
  base: string,
  operations: Operation[],
  authorization: string | { read: string; write: string },
  perCollection = 10,
): Promise<Map<string, Target[]>> {
  const keys = typeof authorization === 'string' ? { read: authorization, write: authorization } : authorization;
  const lists = new Map(operations.filter((operation) => operation.method === 'GET').map((operation) => [operation.path, operation]));
  const targets = new Map<string, Target[]>();
  for (const operation of operations) {
    const match = /^(.*)\/\{(\w+)\}/.exec(operation.path);
    if (!match || targets.has(match[1])) continue;
    const [, prefix, param] = match;
    // `/api/v1/visits/by-external-id/{externalId}` aims at the records of `/api/v1/visits`.
    let collection = prefix;
    while (!lists.has(collection) && collection.lastIndexOf('/') > 0) collection = collection.slice(0, collection.lastIndexOf('/'));
    const list = lists.get(collection);
    if (!list) throw new Error(`No list to aim ${operation.path} at`);
    const reply = await call(base, 'GET', `${collection}?limit=${perCollection}`, { headers: { authorization: keys[list.requiredScope] } });
    const rows = (fieldsOf(reply).data ?? []) as Record<string, unknown>[];
    if (reply.status !== 200 || rows.length === 0) throw new Error(`No records to aim at in ${collection}: ${reply.status} ${reply.text.slice(0, 200)}`);
    targets.set(
      prefix,
      rows.map((row) => ({ params: { [param]: String(row[param]) }, version: Number(row.version) })),
    );
  }
  return targets;
}

export function targetFor(targets: Map<string, Target[]>, operation: Operation, random: () => number): Target | undefined {
  const collection = /^(.*)\/\{\w+\}/.exec(operation.path)?.[1];
  const candidates = collection ? targets.get(collection) : undefined;
  return candidates && pick(random, candidates);
}

export const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)];

export interface InvalidRequest {
  /** The mutations applied, e.g. "body:wrong-type(quantity)+query:unknown". */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const BAD_PATH_VALUES = [
  'not-a-uuid',
  MISSING_ID,
  '0',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  'a'.repeat(3000),
  '%ED%A0%80',
  '%FF%FE',
  "1'%20OR%20'1'%3D'1",
  '%F0%9F%92%A9',
  '%7B%7D',
];
/** None of these may ever match a record: `*` and lists of small numbers would. */
const BAD_IF_MATCH = ['', 'abc', '"abc', '"1', '1', 'W/"1"', 'W/"999999"', '"999999"', '"-1"', '"1.5"', '"999998", "999999"', `"${'9'.repeat(400)}"`, 'é'];
const BAD_IDEMPOTENCY_KEYS = ['', 'x'.repeat(256), 'a b', 'clé', '\t'];
const BAD_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zz',
  'application/xml',
  'application/json; charset=utf-16',
  'image/png',
];
const BAD_ACCEPTS = ['application/xml', 'text/csv', 'image/png', '*/*;q=0', 'application/json;q=0'];
const JUNK_JSON = [
  '{',
  '{"a":1,}',
  "{'a':1}",
  'nul',
  '[1,2',
  '"unterminated',
  '{"a":1}garbage',
  '\u0000',
  '\ufeff{"a":',
  '{"a":"\\x41"}',
  '{"a":01}',
  'NaN',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
];
const BAD_QUERY_VALUES = ['abc', '-1', '1e999', '0x10', '', '%', '%ZZ', 'я'.repeat(300), 'null', '[]', '{}', '2016-02-30', '%00', 'true,false'];

/** A value of the schema's type that passes validation, as far as the schema says. */
export function sampleValue(document: OpenApiDocument, schema: Schema, depth = 0): unknown {
  const resolved = resolve(document, schema);
  if (resolved.enum?.length) return resolved.enum[0];
  switch (resolved.type) {
    case 'string':
      return resolved.format === 'uuid' ? MISSING_ID : resolved.format === 'date' ? '2024-05-01' : 'Проверка';
    case 'number':
    case 'integer':
      return Math.max(resolved.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return depth > 3 ? {} : sampleBody(document, resolved, depth + 1);
  }
}

/** An object with every required property and none of the optional ones. */
export function sampleBody(document: OpenApiDocument, schema: Schema, depth = 0): Record<string, unknown> {
  const resolved = resolve(document, schema);
  return Object.fromEntries((resolved.required ?? []).map((name) => [name, sampleValue(document, resolved.properties?.[name] ?? {}, depth)]));
}

/** Values the schema refuses: of another type, out of range, not in the enum, too long. */
export function wrongValues(document: OpenApiDocument, schema: Schema): unknown[] {
  const resolved = resolve(document, schema);
  // One of several types (a contract amount: a decimal string or a number): wrong only what every branch refuses,
  // so that 42 is never sent as a wrong amount.
  if (resolved.oneOf?.length && resolved.type === undefined) {
    const refusedBy = resolved.oneOf.map((branch) => new Set(wrongValues(document, branch).map((value) => JSON.stringify(value))));
    return wrongValues(document, resolved.oneOf[0]).filter((value) => refusedBy.every((refused) => refused.has(JSON.stringify(value))));
  }
  const values: unknown[] = [{ nested: 'object' }];
  if (resolved.enum?.length) values.push('bogus-value', 0, String(resolved.enum[0]).toUpperCase() + '_X');
  switch (resolved.type) {
    case 'string':
      values.push(12345, true, ['x']);
      if (resolved.format === 'uuid') values.push('not-a-uuid', '00000000-0000-0000-0000-00000000000g');
      if (resolved.format === 'date') values.push('2020-13-45', '2016-02-30', '99999-01-01', '2020-01-01T00:00:00Z', 20200101);
      if (resolved.maxLength !== undefined) values.push('я'.repeat(resolved.maxLength + 1));
      break;
    case 'number':
    case 'integer':
      values.push('abc', '7', true, 1.5e308);
      if (resolved.minimum !== undefined) values.push(resolved.minimum - 1);
      if (resolved.maximum !== undefined) values.push(resolved.maximum + 1);
      break;
    case 'boolean':
      values.push('maybe', 1);
      break;
    case 'array':
      values.push('x', 42, [{ nested: 'object' }, 7]);
      if (resolved.maxItems !== undefined) values.push(Array.from({ length: resolved.maxItems + 1 }, () => sampleValue(document, resolved.items ?? {})));
      if (resolved.items)
        values.push(
          ...wrongValues(document, resolved.items)
            .slice(1, 3)
            .map((item) => [item]),
        );
      break;
    default:
      values.push('x', [], 42);
  }
  return values;
}

/** Nested arrays `depth` deep, written out as JSON text (JSON.stringify of such a value would itself recurse). */
const deeplyNested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

interface Draft {
  kinds: string[];
  pathValues: Record<string, string>;
  query: string[];
  headers: Record<string, string>;
  /** The body as text, or an object to serialise. */
  body?: string | Record<string, unknown>;
  method: string;
}

/**
 * One invalid request for an operation. For writes at least one mutation is one the service must refuse whatever
 * the rest of the request says (a body that breaks the schema, a bad If-Match, a path to no record, an unrouted
 * method); reads get wrong paths, queries, Accept headers or bodies.
 */
export function invalidRequest(
  document: OpenApiDocument,
  operation: Operation,
  target: Target | undefined,
  random: () => number,
  authorization: string,
): InvalidRequest {
  const draft: Draft = {
    kinds: [],
    method: operation.method,
    pathValues: { ...(target?.params ?? Object.fromEntries(operation.pathParams.map((name) => [name, MISSING_ID]))) },
    query: [],
    headers: { authorization },
  };
  if (operation.headers.includes('if-match')) draft.headers['if-match'] = `"${target?.version ?? 1}"`;
  const decisive = decisiveMutations(document, operation);
  pick(random, decisive)(draft, random);
  // Noise on top, which must not hide what is refused: anything may come with it.
  const noise = noiseMutations(operation);
  if (noise.length > 0 && random() < 0.35) pick(random, noise)(draft, random);
  const body = typeof draft.body === 'string' || draft.body === undefined ? draft.body : JSON.stringify(draft.body);
  if (body !== undefined && !Object.keys(draft.headers).includes('content-type')) draft.headers['content-type'] = 'application/json';
  const query = draft.query.length > 0 ? `?${draft.query.join('&')}` : '';
  return { kind: draft.kinds.join('+'), method: draft.method, path: fillPath(operation.path, draft.pathValues) + query, headers: draft.headers, body };
}

type Mutation = (draft: Draft, random: () => number) => void;

function decisiveMutations(document: OpenApiDocument, operation: Operation): Mutation[] {
  const mutations: Mutation[] = [];
  if (operation.body) mutations.push(...bodyMutations(document, operation.body));
  if (operation.headers.includes('if-match')) {
    mutations.push((draft, random) => {
      const value = pick(random, [...BAD_IF_MATCH, undefined]);
      if (value === undefined) delete draft.headers['if-match'];
      else draft.headers['if-match'] = value;
      draft.kinds.push(`if-match:${value === undefined ? 'missing' : JSON.stringify(value.slice(0, 12))}`);
      if (operation.body) draft.body = sampleBody(document, operation.body);
    });
  }
  if (operation.pathParams.length > 0) {
    mutations.push((draft, random) => {
      const name = pick(random, operation.pathParams);
      draft.pathValues[name] = pick(random, BAD_PATH_VALUES);
      draft.kinds.push(`path:${name}=${draft.pathValues[name].slice(0, 12)}`);
      if (operation.body) draft.body = sampleBody(document, operation.body);
    });
  }
  // No route answers PUT: the same request with it is routed nowhere.
  mutations.push((draft) => {
    draft.method = 'PUT';
    draft.kinds.push('method:PUT');
    if (operation.body) draft.body = sampleBody(document, operation.body);
  });
  if (!operation.writes) mutations.push(...readMutations(document, operation));
  return mutations;
}

function bodyMutations(document: OpenApiDocument, schema: Schema): Mutation[] {
  const properties = Object.entries(schema.properties ?? {});
  const withField = (draft: Draft, random: () => number) => {
    const body = sampleBody(document, schema);
    draft.body = body;
    return { body, field: properties.length > 0 ? pick(random, properties) : undefined };
  };
  const mutations: Mutation[] = [
    (draft, random) => {
      const { body, field } = withField(draft, random);
      const [name, value] = field ? [field[0], pick(random, wrongValues(document, field[1]))] : ['unknownField', 1];
      body[name] = value;
      draft.kinds.push(`body:wrong(${name}=${JSON.stringify(value)?.slice(0, 16)})`);
    },
    (draft, random) => {
      const { body } = withField(draft, random);
      body[pick(random, ['unknownField', 'id', 'version', 'createdAt', 'archivedAt', 'searchText', 'seedKey'])] = pick(random, [1, 'x', null, MISSING_ID]);
      draft.kinds.push('body:unknown-field');
    },
    (draft, random) => {
      const { body, field } = withField(draft, random);
      const key = field?.[0] ?? 'note';
      const depth = pick(random, [33, 64, 500, 2000]);
      delete body[key];
      const rest = JSON.stringify(body).slice(1, -1);
      draft.body = `{${rest}${rest ? ',' : ''}${JSON.stringify(key)}:${deeplyNested(depth)}}`;
      draft.kinds.push(`body:nested(${depth})`);
    },
    (draft, random) => {
      const { body, field } = withField(draft, random);
      const surrogate = pick(random, ['\ud800', '\udfff', 'x\udc00y']);
      if (random() < 0.5 || !field) body[`${surrogate}key`] = 'x';
      else body[field[0]] = surrogate;
      draft.kinds.push('body:lone-surrogate');
    },
    (draft, random) => {
      draft.body = pick(random, JUNK_JSON);
      draft.kinds.push('body:junk-json');
    },
    (draft, random) => {
      const { body, field } = withField(draft, random);
      // Big strings with an unknown field beside them (a long text may be valid); over BODY_LIMIT now and then.
      const length = random() < 0.1 ? 1_100_000 : pick(random, [10_000, 100_000]);
      body[field?.[0] ?? 'note'] = 'ж'.repeat(length);
      body.unknownField = true;
      draft.kinds.push(`body:huge(${length})`);
    },
    (draft, random) => {
      const body = sampleBody(document, schema);
      draft.body = JSON.stringify(body);
      draft.headers['content-type'] = pick(random, BAD_CONTENT_TYPES);
      draft.kinds.push(`content-type:${draft.headers['content-type'].split(';')[0]}`);
      // An unparsed body must not pass for an empty one: those with nothing required also get a bad If-Match.
      if ((schema.required ?? []).length === 0 && draft.headers['if-match']) draft.headers['if-match'] = '"999999"';
      else if ((schema.required ?? []).length === 0) draft.method = 'PUT';
    },
    (draft, random) => {
      draft.body = JSON.stringify(pick(random, [[], 'a string', 42, null, true, [sampleBody(document, schema)]]));
      draft.kinds.push('body:not-an-object');
    },
  ];
  if ((schema.required ?? []).length > 0) {
    mutations.push((draft, random) => {
      const body = sampleBody(document, schema);
      const missing = pick(random, schema.required!);
      delete body[missing];
      draft.body = body;
      draft.kinds.push(`body:missing(${missing})`);
    });
  }
  return mutations;
}

function readMutations(document: OpenApiDocument, operation: Operation): Mutation[] {
  const mutations: Mutation[] = [
    (draft, random) => {
      draft.query.push(`${pick(random, ['unknown', 'limit[]', 'q[$ne]', '__proto__[x]', 'include[]', 'sort;'])}=${pick(random, BAD_QUERY_VALUES)}`);
      draft.kinds.push('query:unknown');
    },
    (draft, random) => {
      draft.headers.accept = pick(random, BAD_ACCEPTS);
      draft.kinds.push(`accept:${draft.headers.accept}`);
    },
    (draft, random) => {
      draft.body = pick(random, JUNK_JSON);
      draft.kinds.push('get-body:junk-json');
    },
  ];
  if (operation.query.length > 0) {
    mutations.push((draft, random) => {
      const parameter = pick(random, operation.query);
      const wrong = wrongValues(document, parameter.schema ?? {}).filter((value) => typeof value !== 'object' || Array.isArray(value));
      const value = random() < 0.5 && wrong.length > 0 ? String(pick(random, wrong)) : pick(random, BAD_QUERY_VALUES);
      draft.query.push(`${parameter.name}=${encodeURIComponent(value).slice(0, 2000)}`);
      if (random() < 0.3) draft.query.push(`${parameter.name}=${encodeURIComponent(value.slice(0, 10))}`);
      draft.kinds.push(`query:${parameter.name}`);
    });
  }
  return mutations;
}

function noiseMutations(operation: Operation): Mutation[] {
  const mutations: Mutation[] = [
    (draft, random) => {
      draft.query.push(`${pick(random, ['unknown', 'debug', 'admin'])}=${pick(random, BAD_QUERY_VALUES)}`);
      draft.kinds.push('query:unknown');
    },
    (draft, random) => {
      draft.headers['x-forwarded-for'] = pick(random, ['1.2.3.4', 'garbage', '::1, 10.0.0.1']);
      draft.kinds.push('x-forwarded-for');
    },
  ];
  if (operation.headers.includes('idempotency-key')) {
    mutations.push((draft, random) => {
      draft.headers['idempotency-key'] = pick(random, BAD_IDEMPOTENCY_KEYS);
      draft.kinds.push('idempotency-key:bad');
    });
  }
  return mutations;
}
