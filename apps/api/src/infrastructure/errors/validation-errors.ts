import type { ValidationError } from 'class-validator';
import type { FieldError } from './problem.js';
import { ProblemException } from './problem.js';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: humanise(message, error.property, field) }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator names the bare property ("role must be ..."); for nested fields name the whole path. */
function humanise(message: string, property: string, field: string): string {
  if (field !== property && message.startsWith(`${property} `)) return `${field}${message.slice(property.length)}`;
  if (message.startsWith('property ') && message.endsWith(' should not exist')) return `${field} is not a known field`;
  return message;
}

export function validationExceptionFactory(errors: ValidationError[]): ProblemException {
  return ProblemException.validation(flattenValidationErrors(errors));
}
