import { allowedTransitions, isFinal, LIFECYCLES, statusesOf } from './lifecycle.js';

describe('status lifecycles', () => {
  it('follow the agreed memorandum lifecycle', () => {
    expect(allowedTransitions('memorandum', 'draft')).toEqual(['signed', 'terminated']);
    expect(allowedTransitions('memorandum', 'stalled')).toEqual(['in_progress', 'terminated', 'expired']);
    expect(['fulfilled', 'terminated', 'expired'].every((status) => isFinal('memorandum', status))).toBe(true);
  });

  it('let follow-ups go back from in_progress to planned but never leave done or cancelled', () => {
    expect(allowedTransitions('follow_up', 'in_progress')).toContain('planned');
    expect(isFinal('follow_up', 'done')).toBe(true);
    expect(isFinal('follow_up', 'cancelled')).toBe(true);
  });

  it('only name statuses that exist in the same lifecycle', () => {
    for (const entity of Object.keys(LIFECYCLES) as (keyof typeof LIFECYCLES)[]) {
      const statuses = statusesOf(entity);
      for (const from of statuses) {
        for (const to of allowedTransitions(entity, from)) {
          expect(statuses).toContain(to);
          expect(to).not.toBe(from);
        }
      }
    }
  });

  it('knows no transitions from an unknown status', () => {
    expect(allowedTransitions('visit', 'vanished')).toEqual([]);
  });
});
