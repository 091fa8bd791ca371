import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMarker } from '../../../lib/crm/marker';
import { readSince, trackingStartLine, trackingStartsOf } from '../../../lib/crm/tracking-start';

/** Issue 27, point 5: the tracking start a record carries to the team board. */

const START = Date.parse('2026-12-01T06:00:00Z');

describe('the tracking-start line', () => {
  it('round-trips after a marker line, which the marker reader still finds; records written before carry none', () => {
    const marker = '[quota-radar:v1 id=a1 kind=call channel=zadarma]';
    const text = `Звонок: состоялся, 3 мин (Zadarma) · Quota Radar\n${marker}\n${trackingStartLine(START)}`;
    expect(readSince(text)).toBe(START);
    expect(readMarker(text)?.activityId).toBe('a1');
    expect(readSince(marker)).toBeUndefined();
    expect(trackingStartLine(undefined)).toBe('');
  });

  it('property: any start in range round-trips; out of range is neither written nor read', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2100, 0, 1) }), (start) => {
        expect(readSince(trackingStartLine(start))).toBe(start);
      }),
    );
    expect(trackingStartLine(12)).toBe('');
    expect(readSince('[quota-radar:since=12]')).toBeUndefined();
    expect(readSince('[quota-radar:since=99999999999999]')).toBeUndefined();
    expect(readSince('[quota-radar:since=1764568800000abc]')).toBeUndefined();
  });
});

describe('trackingStartsOf', () => {
  it('takes each rep’s earliest start, over every page; a rep with none is absent', () => {
    const pages = [
      [{ ownerId: '7', trackingStart: START }, { ownerId: '8' }],
      [
        { ownerId: '7', trackingStart: START - 86_400_000 },
        { ownerId: 'constructor', trackingStart: START },
      ],
    ];
    expect({ ...trackingStartsOf(pages) }).toEqual({ '7': START - 86_400_000, constructor: START });
    expect(Object.hasOwn(trackingStartsOf(pages), '8')).toBe(false);
  });
});
