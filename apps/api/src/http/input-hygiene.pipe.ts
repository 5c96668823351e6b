import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { FieldError } from '../infrastructure/errors/problem.js';
import { ProblemException } from '../infrastructure/errors/problem.js';

/** Keys that class-transformer passes over silently, so the ValidationPipe would neither reject nor strip them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses, before any other pipe, what validation would let through to the database: the NUL character (PostgreSQL
 * cannot store it in text, so it would be a 500) and prototype keys (never a field of ours; refused, not ignored).
 */
@Injectable()
export class InputHygienePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const problem = inspect(value, metadata.type === 'param' ? (metadata.data ?? 'path') : '');
    if (problem) throw ProblemException.validation([{ ...problem, field: problem.field || (metadata.data ?? metadata.type) }]);
    return value;
  }
}

function inspect(value: unknown, path: string): FieldError | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? { field: path, message: 'must not contain NUL characters' } : undefined;
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return { field, message: 'must not contain NUL characters' };
    if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) return { field, message: `${field} is not a known field` };
    const found = inspect(item, field);
    if (found) return found;
  }
  return undefined;
}
