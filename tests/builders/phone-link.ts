import type { PhoneLinkClick } from '../../lib/capture/phone-link/detect';

const at = Date.parse('2026-01-14T17:00:00Z');

/**
 * The phone-link source's fixture set (a hook source: its input is a click the page hook reports).
 * tests/unit/capture/registry.test.ts runs each through the registered detector: every positive
 * records a call attempt, no negative records anything, and none throws.
 */
export const hookFixtures: { positive: Record<string, unknown>; negative: Record<string, unknown> } = {
  positive: {
    'tel: in E.164': { href: 'tel:+14155550123', pageHost: 'crm.example', at } satisfies PhoneLinkClick,
    'tel: with visual separators and an extension': { href: 'tel:+1-415-555-0123;ext=42', pageHost: 'crm.example', at },
    'callto: (Skype)': { href: 'callto:+442079460958', pageHost: 'crm.example', at },
    'sip: with a number': { href: 'sip:+79161234567@voip.example', pageHost: 'crm.example', at },
    'national number without a default code (kept by its digits)': { href: 'tel:0207 946 0958', pageHost: 'crm.example', at },
  },
  negative: {
    'sip: to a person, no number': { href: 'sip:alice@example.com', pageHost: 'crm.example', at },
    'tel: with no digits': { href: 'tel:', pageHost: 'crm.example', at },
    'not a click fact': { href: 42, pageHost: 'crm.example' },
    'a web link': { href: 'https://example.com/call', pageHost: 'crm.example', at },
  },
};
