import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from '../infrastructure/errors/problem.js';

/**
 * PostgreSQL cannot store the NUL character in text; left to the database, it would be a 500. Any body field, query
 * parameter or path parameter that contains one is refused up front with a 400 naming the field.
 */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const field = findNul(value, metadata.type === 'param' ? (metadata.data ?? 'path') : '');
    if (field !== undefined) {
      throw ProblemException.validation([{ field: field || (metadata.data ?? metadata.type), message: 'must not contain NUL characters' }]);
    }
    return value;
  }
}

function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNul(item, path ? `${path}.${index}` : String(index));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
      const found = findNul(item, path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
