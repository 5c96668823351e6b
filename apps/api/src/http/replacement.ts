/** Where @nestjs/swagger keeps @ApiProperty options (its DECORATORS constants, not exported by the package's types). */
const DECORATORS = { API_MODEL_PROPERTIES: 'swagger/apiModelProperties', API_MODEL_PROPERTIES_ARRAY: 'swagger/apiModelPropertiesArray' } as const;

/** What the OpenAPI document says of a body field (the @ApiProperty options). */
interface FieldDoc {
  default?: unknown;
  isArray?: boolean;
  nullable?: boolean;
  oneOf?: { nullable?: boolean }[];
}

/** Fields a replacement never fills: the path names the externalId, and a status moves only by transitions. */
const NOT_REPLACED = new Set(['externalId', 'status']);

/**
 * A PUT body as the whole state it stands for (RFC 9110: PUT replaces the representation). Each field of the create
 * body that it leaves out takes what a create would give it, as the OpenAPI document says: its default, [] for a
 * list, null for a nullable field. So a field cleared in the other system is cleared here by the next PUT. Fields
 * with none of these (a precision derived from its date, a required kind) are left to the service's rules.
 *
 * The body must be an instance of its DTO class (the global ValidationPipe transforms bodies), whose @ApiProperty
 * metadata is read here: the document and the server cannot disagree on what a left-out field becomes.
 */
export function asReplacement<T extends object>(body: T): T {
  const prototype = Object.getPrototypeOf(body) as object;
  const names = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, prototype) as string[] | undefined;
  if (!names) throw new Error('asReplacement needs a body transformed into its DTO class');
  const filled: Record<string, unknown> = {};
  for (const name of names.map((entry) => entry.replace(/^:/, ''))) {
    if (NOT_REPLACED.has(name) || (body as Record<string, unknown>)[name] !== undefined) continue;
    const doc = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, name) as FieldDoc | undefined;
    if (!doc) continue;
    if (doc.default !== undefined) filled[name] = doc.default;
    else if (doc.isArray) filled[name] = [];
    else if (doc.nullable || doc.oneOf?.some((branch) => branch.nullable)) filled[name] = null;
  }
  return Object.assign(Object.create(prototype) as T, body, filled);
}
