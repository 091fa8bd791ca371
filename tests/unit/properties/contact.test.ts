import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactOf, formatPhone, vkProfileUrl } from '../../../lib/format/contact';

/** A call's contact may be a phone number or a VK profile (issue 21.9, 27.7); numbers read grouped. */
describe('contacts as reps type them', () => {
  it.each([
    ['+1 (415) 555-0100', { phone: '+14155550100' }],
    ['+7 912 345-67-89', { phone: '+79123456789' }],
    ['8 912 345-67-89', { phone: '+79123456789' }, '7'],
    ['https://vk.com/id777001', { profileId: 'vk:777001' }],
    ['vk.com/durov', { profileId: 'vk:durov' }],
    ['Ann@Buyer.example', { address: 'ann@buyer.example' }],
    ['https://www.linkedin.com/in/ann-smith', { profileId: 'https://www.linkedin.com/in/ann-smith' }],
  ] as const)('%s', (text, recipient, callingCode?: string) => {
    expect(contactOf(text, callingCode ? { defaultCallingCode: callingCode } : {})).toEqual(recipient);
  });

  it.each(['8 912 345-67-89', '555-0100', 'Ann', '+0 123', 'https://vk.com/'])('refuses %s without a country it can know', (text) => {
    expect(contactOf(text)).toBeUndefined();
  });

  it('prints numbers grouped the way their country writes them', () => {
    expect(formatPhone('+79031112233')).toBe('+7 903 111-22-33');
    expect(formatPhone('+14155550100')).toBe('+1 415-555-0100');
    expect(formatPhone('+442037691880')).toBe('+44 203 769 1880');
    expect(formatPhone('+3531234567')).toBe('+353 123 4567');
  });

  it('a grouped number reads back as the same number (any E.164 number)', () => {
    const e164 = fc.tuple(
      fc.integer({ min: 1, max: 9 }),
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 13 }),
    );
    fc.assert(
      fc.property(e164, ([first, rest]) => {
        const number = `+${first}${rest}`;
        expect(contactOf(formatPhone(number))).toEqual({ phone: number });
      }),
      { numRuns: 200 },
    );
  });

  it('links VK people, not chats', () => {
    expect(vkProfileUrl('vk:777001')).toBe('https://vk.com/id777001');
    expect(vkProfileUrl('vk:2000000042')).toBeUndefined();
    expect(vkProfileUrl('vk:-123')).toBeUndefined();
  });
});
