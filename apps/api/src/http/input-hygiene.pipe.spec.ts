import { ProblemException } from '../infrastructure/errors/problem.js';
import { InputHygienePipe, MAX_INPUT_DEPTH } from './input-hygiene.pipe.js';

const pipe = new InputHygienePipe();
const body = { type: 'body' as const };

/** The field errors the pipe answers for a body, or null when it lets the body through. */
function refusal(value: unknown): { field: string; message: string }[] | null {
  try {
    pipe.transform(value, body);
    return null;
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    expect(error.problem.status).toBe(400);
    return error.problem.errors as { field: string; message: string }[];
  }
}

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = [value];
  return { note: value };
}

describe('InputHygienePipe', () => {
  it('lets ordinary bodies through, with characters beyond the BMP written as surrogate pairs', () => {
    expect(refusal({ titleRu: 'Меморандум 🤝 Алтай', sources: [{ article: 'a.txt', quote: 'Ынтымақтастық' }] })).toBeNull();
  });

  it(`accepts nesting up to ${MAX_INPUT_DEPTH} levels and refuses deeper, without recursing into it`, () => {
    expect(refusal(nested(MAX_INPUT_DEPTH - 1))).toBeNull();
    expect(refusal(nested(MAX_INPUT_DEPTH))?.[0].message).toMatch(/must not nest more than 32 levels/);
    // Far deeper than the stack would allow a naive walk: a 400, not a RangeError.
    expect(refusal(nested(100_000))?.[0].message).toMatch(/must not nest/);
  });

  it('refuses lone surrogates, high or low, in values and in keys, naming the field', () => {
    expect(refusal({ titleRu: 'a\ud800' })).toEqual([{ field: 'titleRu', message: expect.stringMatching(/unpaired UTF-16 surrogates/) as string }]);
    expect(refusal({ titleRu: '\udc00b' })?.[0].field).toBe('titleRu');
    expect(refusal({ sources: [{ quote: 'x\udbff' }] })?.[0].field).toBe('sources.0.quote');
    expect(refusal({ ['k\ud800']: 'v' })?.[0].message).toMatch(/surrogates/);
  });

  it('still refuses NUL characters and prototype keys', () => {
    expect(refusal({ titleRu: 'a\u0000b' })?.[0].message).toMatch(/NUL/);
    expect(refusal(JSON.parse('{"__proto__":{"admin":true}}'))?.[0].message).toMatch(/not a known field/);
  });
});
