// Checks recorded responses against an OpenAPI document with openapi-backend's response validator (ajv), in a plain
// Node process: openapi-backend requires an ESM-only dependency, which Node 20.19+ loads but jest's module loader
// does not. Usage: node validate-responses.mjs <openapi.json> <exchanges.json>; prints { checked, violations }.
import fs from 'node:fs';
import addFormats from 'ajv-formats';
import { OpenAPIBackend } from 'openapi-backend';

/** The headers the contract promises to declare wherever the server sends them. */
const DECLARED_HEADERS = ['etag', 'location', 'idempotency-replayed', 'ratelimit', 'ratelimit-policy', 'retry-after', 'content-disposition'];

const [documentFile, exchangesFile] = process.argv.slice(2);
const document = JSON.parse(fs.readFileSync(documentFile, 'utf8'));
const exchanges = JSON.parse(fs.readFileSync(exchangesFile, 'utf8'));

/**
 * openapi-backend validates only `application/json` bodies: its view of the document lists each problem+json schema
 * under application/json as well. The media type a response carries is checked against the document itself.
 */
const view = structuredClone(document);
for (const item of Object.values(view.paths)) {
  for (const operation of Object.values(item)) {
    for (const response of Object.values(operation.responses ?? {})) {
      const problem = response.content?.['application/problem+json'];
      if (problem && !response.content['application/json']) response.content['application/json'] = problem;
    }
  }
}
// The document itself is linted by Redocly (test/openapi.e2e-spec.ts); openapi-backend's own check (skipped in quick mode) knows OpenAPI 3.0 only.
// ajv-formats checks uuid, date and date-time (openapi-backend alone ignores them).
const api = new OpenAPIBackend({ definition: view, strict: true, quick: true, customizeAjv: (ajv) => addFormats(ajv) });
await api.init();

const pathOf = new Map();
for (const [path, item] of Object.entries(document.paths)) for (const operation of Object.values(item)) pathOf.set(operation.operationId, path);

const violations = [];
for (const { method, url, status, headers, text } of exchanges) {
  const [path, search = ''] = url.split('?');
  const where = `${method.toUpperCase()} ${url} → ${status}`;
  const operation = api.router.matchOperation({ method, path, query: search, headers: {} });
  if (!operation && status === 405) {
    checkMethodNotAllowed(where, path, search, headers, text);
    continue;
  }
  if (!operation) {
    violations.push(`${where}: no operation in the document`);
    continue;
  }
  const response = document.paths[pathOf.get(operation.operationId)][method].responses[String(status)];
  if (!response) {
    violations.push(`${where}: status not documented`);
    continue;
  }
  const mediaType = (headers['content-type'] ?? '').split(';')[0].trim();
  const content = response.content ?? {};
  if (text && !(mediaType in content)) violations.push(`${where}: ${mediaType} not documented (${Object.keys(content).join(', ') || 'no body'})`);
  // A CSV file (or any body that is not JSON) is text: its schema can only say `type: string`.
  if (text && mediaType in content && !mediaType.endsWith('json') && content[mediaType].schema?.type !== 'string') {
    violations.push(`${where}: a ${mediaType} body documented as ${JSON.stringify(content[mediaType].schema)}`);
  }
  if (text && mediaType.endsWith('json')) {
    const result = api.validator.validateResponse(JSON.parse(text), operation, status);
    for (const error of result.errors ?? []) violations.push(`${where}: body${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
  }
  const declared = Object.keys(response.headers ?? {}).map((name) => name.toLowerCase());
  for (const name of DECLARED_HEADERS) {
    // Express tags every body it sends with a weak ETag of its own (a hash); the contract's ETag is the record's version.
    if (name === 'etag' && headers.etag?.startsWith('W/')) continue;
    if (name in headers && !declared.includes(name)) violations.push(`${where}: header ${name} sent but not declared`);
  }
  const checkedHeaders = api.validator.validateResponseHeaders(headers, operation, { statusCode: status });
  for (const error of checkedHeaders.errors ?? []) violations.push(`${where}: headers${error.instancePath} ${error.message}`);
}
process.stdout.write(JSON.stringify({ checked: exchanges.length, violations }));

/**
 * A 405 answers a method the document has no operation for, so nothing documents it there: the methods its Allow
 * header names must be the path's documented operations (HEAD aside, which GET implies), and its body a problem as
 * the document describes problems (checked against one of those operations' problem responses).
 */
function checkMethodNotAllowed(where, path, search, headers, text) {
  const allowed = (headers.allow ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name && name !== 'HEAD');
  if (!allowed.length) violations.push(`${where}: no Allow header`);
  const operations = allowed.map((name) => [name, api.router.matchOperation({ method: name.toLowerCase(), path, query: search, headers: {} })]);
  for (const [name, found] of operations) if (!found) violations.push(`${where}: Allow names ${name}, which the document does not have for this path`);
  if (!(headers['content-type'] ?? '').startsWith('application/problem+json')) violations.push(`${where}: not application/problem+json`);
  const withProblem = operations
    .map(([, found]) => found)
    .find((found) => found && document.paths[pathOf.get(found.operationId)][found.method].responses['400']);
  if (!withProblem) {
    violations.push(`${where}: no documented problem response to check the body against`);
    return;
  }
  for (const error of api.validator.validateResponse(JSON.parse(text), withProblem, 400).errors ?? []) {
    violations.push(`${where}: body${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
  }
}
