import { HttpStatus } from '@nestjs/common';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { expectedVersion, representationEtag } from './preconditions.js';

/** The problem expectedVersion throws for a header, or a failure if it returns a version. */
function problemOf(ifMatch: string | undefined): ProblemException['problem'] {
  let version: unknown;
  try {
    version = expectedVersion(ifMatch);
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    const exception = error as ProblemException;
    expect(exception.getStatus()).toBe(exception.problem.status);
    return exception.problem;
  }
  throw new Error(`expected a problem for If-Match ${JSON.stringify(ifMatch)}, got version ${JSON.stringify(version)}`);
}

describe('representationEtag', () => {
  it('is the version and a digest of the body, strong and quoted', () => {
    expect(representationEtag(3, '{"a":1}')).toMatch(/^"3-[0-9a-f]{16}"$/);
    expect(representationEtag(3, '{"a":1}')).toBe(representationEtag(3, '{"a":1}'));
    expect(representationEtag(3, '{"a":2}')).not.toBe(representationEtag(3, '{"a":1}'));
  });

  it('gives an ETag that expectedVersion reads back as its version', () => {
    for (const version of [0, 1, 9, 10, 123456789]) expect(expectedVersion(representationEtag(version, 'x'))).toBe(version);
  });
});

describe('expectedVersion', () => {
  it.each([
    ['"3"', 3],
    ['  "3"  ', 3],
    ['\t"12"', 12],
    ['"0"', 0],
    ['"007"', 7],
    ['"999999999"', 999999999],
    ['"3-9f86d081884c7d65"', 3],
  ])('reads %j as version %d', (ifMatch, version) => {
    expect(expectedVersion(ifMatch)).toBe(version);
  });

  it.each([undefined, '', '   ', '\t'])('answers 428 Precondition Required to a missing If-Match (%j)', (ifMatch) => {
    const problem = problemOf(ifMatch);
    expect(problem).toMatchObject({ status: HttpStatus.PRECONDITION_REQUIRED, type: ProblemType.preconditionRequired, title: 'Precondition Required' });
    expect(problem.detail).toContain('If-Match');
    expect(problem.errors).toBeUndefined();
  });

  it.each([
    ['*', '*'],
    [' * ', '*'],
    ['"3", "4"', [3, 4]],
    ['"3","4"', [3, 4]],
    ['W/"3", "4"', [4]],
    ['"3", W/"4"', [3]],
    ['"3", "abc"', [3]],
    ['"abc"', []],
    ['"3a"', []],
    ['"-1"', []],
    ['"3.0"', []],
    ['"1e3"', []],
    ['""', []],
    ['"1234567890"', []],
    ['"3-9F86D081884C7D65"', []],
    ['"3-9f86"', []],
  ])('reads %j as %j: * matches any version, a list any of its strong tags of ours, others none', (ifMatch, expected) => {
    expect(expectedVersion(ifMatch)).toEqual(expected);
  });

  it.each([
    ['" 3"', 'spaces inside the quotes'],
    ['w/"3"', 'a lower-case weak prefix'],
    ['W/ "3"', 'a space after the weak prefix'],
    ["'3'", 'single quotes'],
    ['3 4', 'two numbers'],
    ['3', 'a bare number, not an entity tag'],
    ['"3', 'a missing closing quote'],
    ['3"', 'a missing opening quote'],
    ['W/3', 'an unquoted weak tag'],
    ['"3" "4"', 'a list without commas'],
    ['"3", *', 'a wildcard inside a list'],
  ])('answers 400 to %j (%s), naming the If-Match field', (ifMatch) => {
    const problem = problemOf(ifMatch);
    expect(problem).toMatchObject({
      status: HttpStatus.BAD_REQUEST,
      type: ProblemType.validation,
      detail: 'The If-Match header is not * or a list of entity tags.',
    });
    expect(problem.errors).toEqual([{ field: 'If-Match', message: 'If-Match must be * or a list of ETags of the record, e.g. "3"' }]);
  });

  it.each(['W/"3"', ' W/"0" ', 'W/"3", W/"4"'])('answers 412 to the weak tags %j: they never match under If-Match', (ifMatch) => {
    const problem = problemOf(ifMatch);
    expect(problem).toMatchObject({ status: HttpStatus.PRECONDITION_FAILED, type: ProblemType.preconditionFailed });
    expect(problem.detail).toContain('RFC 9110');
  });
});
