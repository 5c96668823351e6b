import express, { type Request } from 'express';
import { listFormatOf } from './list-format.js';
import { XLSX_TYPE } from './xlsx.js';

/** A request as Express builds it (its negotiation reads `headers`), with a response to note Vary on. */
function negotiated(accept?: string): { chosen: string; vary: string | undefined } {
  const request = Object.assign(Object.create(express.request) as Request, { headers: accept === undefined ? {} : { accept } });
  const headers = new Map<string, string>();
  request.res = { vary: (field: string) => headers.set('vary', field) } as unknown as Request['res'];
  try {
    return { chosen: listFormatOf(request), vary: headers.get('vary') };
  } catch (error) {
    return { chosen: `${(error as { getStatus(): number }).getStatus()}`, vary: headers.get('vary') };
  }
}
const chosen = (accept?: string) => negotiated(accept).chosen;

describe('listFormatOf', () => {
  it('answers JSON without an Accept header, for JSON, for any type and for application/*', () => {
    expect(chosen()).toBe('json');
    expect(chosen('')).toBe('json');
    expect(chosen('application/json')).toBe('json');
    expect(chosen('*/*')).toBe('json');
    expect(chosen('application/*')).toBe('json');
    expect(chosen('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe('json');
  });

  it('answers CSV when text/csv is asked for, in any case and with parameters, or text/* is', () => {
    expect(chosen('text/csv')).toBe('csv');
    expect(chosen('Text/CSV')).toBe('csv');
    expect(chosen('text/csv; charset=utf-8')).toBe('csv');
    expect(chosen('text/csv; charset=iso-8859-1')).toBe('406');
    expect(chosen('text/html, text/csv;q=0.9')).toBe('csv');
    expect(chosen('text/*')).toBe('csv');
  });

  it('answers .xlsx when its media type is asked for', () => {
    expect(chosen(XLSX_TYPE)).toBe('xlsx');
    expect(chosen(`text/html, ${XLSX_TYPE}`)).toBe('xlsx');
  });

  it('weighs q-values first, then the more specific range, then the order of the header', () => {
    expect(chosen(`application/json;q=0.5, ${XLSX_TYPE}`)).toBe('xlsx');
    expect(chosen(`${XLSX_TYPE};q=0.4, text/csv;q=0.6, application/json;q=0.5`)).toBe('csv');
    expect(chosen('application/json;q=0.1, text/csv')).toBe('csv');
    expect(chosen('*/*;q=0.1, text/csv')).toBe('csv');
    expect(chosen('application/json;q=0, */*')).toBe('csv');
    expect(chosen('text/csv, application/json')).toBe('csv');
    expect(chosen('application/json, text/csv')).toBe('json');
  });

  it('is a 406 when Accept names nothing a list answers in, or refuses all of it', () => {
    expect(chosen('text/html')).toBe('406');
    expect(chosen('text/csvx')).toBe('406');
    expect(chosen('application/text/csv')).toBe('406');
    expect(chosen('image/*')).toBe('406');
    expect(chosen(`application/json;q=0, text/csv;q=0, ${XLSX_TYPE};q=0`)).toBe('406');
  });

  it('notes that the answer varies with Accept, the 406 as well', () => {
    expect(negotiated('text/csv').vary).toBe('Accept');
    expect(negotiated('text/html').vary).toBe('Accept');
  });
});
