import { CHANGE_EVENT_TYPES, comparePositions, decodeCursor, encodeCursor, expandTypeFilters } from './change-feed.service.js';

describe('change feed cursors and types', () => {
  it('round-trips a position through its cursor, and refuses anything else', () => {
    const position = { xid: '18446744073709551615', id: '9223372036854775807' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor(encodeCursor({ xid: '0', id: '0' }))).toEqual({ xid: '0', id: '0' });
    for (const text of ['18446744073709551616.1', '1.9223372036854775808', '01.2', '1.', '.1', '1.2.3', '-1.2', '1.2 ']) {
      expect([text, decodeCursor(Buffer.from(text).toString('base64url'))]).toEqual([text, null]);
    }
    expect(decodeCursor('')).toBeNull();
    expect(decodeCursor('MS4y==')).toBeNull();
  });

  it('orders positions by transaction, then by id', () => {
    expect(comparePositions({ xid: '10', id: '99' }, { xid: '11', id: '1' })).toBe(-1);
    expect(comparePositions({ xid: '11', id: '2' }, { xid: '11', id: '1' })).toBe(1);
    expect(comparePositions({ xid: '11', id: '1' }, { xid: '11', id: '1' })).toBe(0);
  });

  it('names event types from the registry, with status_changed only where there is a lifecycle', () => {
    expect(CHANGE_EVENT_TYPES).toContain('memorandum.status_changed');
    expect(CHANGE_EVENT_TYPES).toContain('source.restored');
    expect(CHANGE_EVENT_TYPES).not.toContain('party.status_changed');
    expect(expandTypeFilters(['memorandum.*'])).toEqual([
      'memorandum.created',
      'memorandum.updated',
      'memorandum.status_changed',
      'memorandum.archived',
      'memorandum.restored',
    ]);
    expect(expandTypeFilters(['*.status_changed'])).toEqual([
      'visit.status_changed',
      'memorandum.status_changed',
      'contract.status_changed',
      'follow_up.status_changed',
    ]);
    expect(expandTypeFilters(['party.created', '*.archived'])).toHaveLength(1 + 7);
  });
});
