import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { FieldError } from '../infrastructure/errors/problem.js';
import { ProblemException } from '../infrastructure/errors/problem.js';

/** Keys that class-transformer passes over silently, so the ValidationPipe would neither reject nor strip them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** No request body of ours nests deeper than a few levels; beyond this, a body is an attack on the recursion below. */
export const MAX_INPUT_DEPTH = 32;

/** A UTF-16 surrogate without its pair: not a character, and PostgreSQL refuses it in text (a 500 otherwise). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses, before any other pipe, what validation would let through to the database or what would exhaust the stack:
 * the NUL character and lone surrogates (PostgreSQL cannot store them in text, so they would be a 500), prototype
 * keys (never a field of ours; refused, not ignored) and nesting deeper than MAX_INPUT_DEPTH (checked before anything
 * recurses into it).
 */
@Injectable()
export class InputHygienePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const problem = inspect(value, metadata.type === 'param' ? (metadata.data ?? 'path') : '');
    if (problem) throw ProblemException.validation([{ ...problem, field: problem.field || (metadata.data ?? metadata.type) }]);
    return value;
  }
}

function inspect(value: unknown, path: string, depth = 0): FieldError | undefined {
  if (typeof value === 'string') return textProblem(value, path);
  if (!value || typeof value !== 'object') return undefined;
  if (depth >= MAX_INPUT_DEPTH) return { field: path, message: `must not nest more than ${MAX_INPUT_DEPTH} levels deep` };
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    const keyProblem = textProblem(key, field);
    if (keyProblem) return keyProblem;
    if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) return { field, message: `${field} is not a known field` };
    const found = inspect(item, field, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function textProblem(text: string, field: string): FieldError | undefined {
  if (text.includes('\u0000')) return { field, message: 'must not contain NUL characters' };
  if (LONE_SURROGATE.test(text)) return { field, message: 'must not contain unpaired UTF-16 surrogates (not a character)' };
  return undefined;
}
