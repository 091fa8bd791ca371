import { describe, expect, it } from 'vitest';
import { normalizePhoneHref, phoneHrefDigits, toE164 } from '../../../lib/capture/phone-link/normalize';

describe('normalizePhoneHref', () => {
  const cases: [string, string | null, { defaultCallingCode?: string }?][] = [
    ['tel:+14155550123', '+14155550123'],
    ['tel:+1-415-555-0123', '+14155550123'],
    ['TEL:+1 (415) 555.0123', '+14155550123'],
    ['tel:+1%20415%20555%200123', '+14155550123'],
    ['tel:%2B14155550123', '+14155550123'],
    ['tel:+44 20 7946 0958;ext=123', '+442079460958'],
    ['tel:+44-20-7946-0958;isub=1411', '+442079460958'],
    ['tel:0049 30 1234567', '+49301234567'],
    ['tel:011 44 20 7946 0958', '+442079460958', { defaultCallingCode: '1' }],
    ['tel:7946-0958;phone-context=+4420', '+442079460958'],
    ['tel:415-555-0123', '+14155550123', { defaultCallingCode: '1' }],
    ['tel:1 (800) 555-0100', '+18005550100', { defaultCallingCode: '1' }],
    ['tel:020 7946 0958', '+442079460958', { defaultCallingCode: '44' }],
    ['tel:8 (495) 212-92-98', '+74952129298', { defaultCallingCode: '7' }],
    ['tel:7 495 212 92 98', '+74952129298', { defaultCallingCode: '+7' }],
    ['callto:+14155550123', '+14155550123'],
    ['callto://+44 20 7946 0958', '+442079460958'],
    ['sip:+14155550123@sip.example.com;user=phone', '+14155550123'],
    ['SIPS:+14155550123@sip.example.com', '+14155550123'],
    ['tel:+1 415 555 0123 x 99', '+14155550123'],
    ['tel:+14155550123,,99', '+14155550123'],
    ['tel:+14155550123?call', '+14155550123'],
    // What it cannot resolve, it does not guess.
    ['tel:415-555-0123', null],
    ['tel:911', null, { defaultCallingCode: '1' }],
    ['tel:112', null],
    ['tel:1-800-FLOWERS', null, { defaultCallingCode: '1' }],
    ['tel:+0123456789', null],
    ['tel:+1234567890123456', null],
    ['tel:+1 415 +555 0123', null],
    ['sip:alice@example.com', null],
    ['mailto:+14155550123', null],
    ['https://example.com/tel:+14155550123', null],
    ['tel:%E0%A4%A', null],
  ];
  for (const [href, expected, options] of cases) {
    it(`${href}${options ? ` (${JSON.stringify(options)})` : ''} → ${expected}`, () => {
      expect(normalizePhoneHref(href, options)).toBe(expected);
    });
  }
});

describe('toE164', () => {
  it('reads a phone system log\'s international digits without "+"', () => {
    expect(toE164('442037691880', { digitsAreInternational: true })).toBe('+442037691880');
    expect(toE164('74952129298', { digitsAreInternational: true })).toBe('+74952129298');
    expect(toE164('442037691880')).toBeNull();
  });

  it('keeps an E.164 number as it is and rejects a calling code that is not one', () => {
    expect(toE164('+33 6 12 34 56 78')).toBe('+33612345678');
    expect(toE164('06 12 34 56 78', { defaultCallingCode: '0' })).toBeNull();
    expect(toE164('06 12 34 56 78', { defaultCallingCode: '33' })).toBe('+33612345678');
  });
});

describe('phoneHrefDigits', () => {
  it('gives the digits of a number that has no E.164 form, for a key', () => {
    expect(phoneHrefDigits('tel:415-555-0123;ext=7')).toBe('4155550123');
    expect(phoneHrefDigits('sip:alice@example.com')).toBeNull();
    expect(phoneHrefDigits('tel:911')).toBe('911');
  });
});
