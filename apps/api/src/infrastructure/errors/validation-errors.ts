import type { ValidationError } from 'class-validator';
import type { FieldError } from './problem.js';
import { ProblemException } from './problem.js';

/**
 * One message per invalid field: the most basic rule it breaks. `limit=abc` is "not an integer", not also "greater
 * than 100"; a value of the wrong kind says so before any rule about its size, length or format.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const rule = firstBroken(error.constraints ?? {});
    const own = rule ? [{ field, message: humanise(error.constraints![rule], error.property, field) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Rules about what a value is, before rules about how it is: presence, then type, then everything else. */
const RULE_ORDER = [
  'whitelistValidation',
  'isDefined',
  'isNotEmpty',
  'isArray',
  'isObject',
  'isString',
  'isInt',
  'isNumber',
  'isNumberString',
  'isBoolean',
  'isUuid',
  'isDateString',
  'isISO8601',
  'isEnum',
  'isIn',
];

function firstBroken(constraints: Record<string, string>): string | undefined {
  const rules = Object.keys(constraints);
  const rank = (rule: string) => (RULE_ORDER.includes(rule) ? RULE_ORDER.indexOf(rule) : RULE_ORDER.length);
  return rules.sort((a, b) => rank(a) - rank(b))[0];
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
