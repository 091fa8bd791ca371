/**
 * Phone numbers to E.164 ("+" country code and subscriber number, 7–15 digits), small enough for a
 * page script. No dependency: libphonenumber-js (~80 kB with its smallest metadata) would validate
 * numbering plans per country, but the content script only needs to read a link and the background
 * only needs a stable key to match a link with a phone system's log, and the phone systems already
 * answer with international numbers. What this cannot know, it does not guess: a national number
 * without a default calling code, a short code (112, 911) or a vanity number (1-800-FLOWERS) gives null.
 *
 * Accepted forms:
 * - `tel:` (RFC 3966): global `tel:+1-201-555-0123`, local with `;phone-context=+1`, `;ext=`,
 *   `;isub=`, visual separators `-` `.` `(` `)` and `%20`-escaped spaces;
 * - `callto:` (Skype's) with or without `//`;
 * - `sip:`/`sips:` whose user part is a number (`sip:+14155550123@host;user=phone`); a named user
 *   (`sip:alice@example.com`) is not a phone number.
 */

const E164 = /^\+[1-9]\d{6,14}$/;

export interface NormalizeOptions {
  /**
   * Country calling code for numbers written nationally (digits only, e.g. "1", "44", "7"), from the
   * rep's settings. Without it, a national number stays unresolved.
   */
  defaultCallingCode?: string;
  /**
   * The digits are already international without "+" (phone systems' logs: "442037691880"). A
   * leading "00" is still read as the international prefix.
   */
  digitsAreInternational?: boolean;
}

/** National trunk prefixes that precede an area code and are dropped in E.164 ("0" in most of the world). */
const TRUNK_PREFIX: Record<string, string> = { '1': '1', '7': '8' };

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isCallingCode(code: string | undefined): code is string {
  return code !== undefined && /^[1-9]\d{0,2}$/.test(code);
}

/** Removes an extension written inside the number ("x123", "ext. 12", "доб. 5"). */
function withoutInlineExtension(text: string): string {
  return text.replace(/\s*(?:[;,]+|x|ext\.?|extension|доб\.?)\s*\d+\s*$/i, '');
}

/**
 * A written number (separators, "+", "00", a national form) to E.164, or null when it is not one.
 */
export function toE164(raw: string, options: NormalizeOptions = {}): string | null {
  let text = withoutInlineExtension(raw.trim());
  if (/[a-z]/i.test(text)) return null;
  // Visual separators of RFC 3966 and of people: space, NBSP, dash, dot, slash, parentheses.
  text = text.replace(/[\s\u00a0\u2010-\u2015\-./()[\]]/g, '');
  if (!/^\+?\d+$/.test(text)) return null;
  let e164: string;
  if (text.startsWith('+')) e164 = text;
  else if (text.startsWith('00')) e164 = `+${text.slice(2)}`;
  else if (options.digitsAreInternational) e164 = `+${text}`;
  else {
    const code = options.defaultCallingCode?.replace(/^\+/, '');
    if (!isCallingCode(code)) return null;
    // NANP's international prefix is 011.
    if (code === '1' && text.startsWith('011')) e164 = `+${text.slice(3)}`;
    else {
      const trunk = TRUNK_PREFIX[code] ?? '0';
      let national = text;
      if (national.startsWith(trunk)) national = national.slice(trunk.length);
      // A number already written with its country code but no "+" ("7 495 …" in Russia).
      else if (code !== '1' && national.startsWith(code) && national.length > 10) national = national.slice(code.length);
      e164 = `+${code}${national}`;
    }
  }
  return E164.test(e164) ? e164 : null;
}

/** The number part of a `tel:`, `callto:` or `sip:` link and its `phone-context`, or null for other links. */
function numberOfHref(href: string): { number: string; context?: string } | null {
  const match = /^\s*(tel|callto|sips?):(.*)$/is.exec(href);
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  let rest = safeDecode(match[2]!).trim();
  if (scheme === 'callto') rest = rest.replace(/^\/\//, '');
  if (scheme.startsWith('sip')) {
    const at = rest.indexOf('@');
    rest = at >= 0 ? rest.slice(0, at) : rest.split(/[;?]/)[0]!;
  }
  // Query parts (`?subject=`, `?call`) never belong to the number.
  rest = rest.split('?')[0]!;
  const [number = '', ...params] = rest.split(';');
  let context: string | undefined;
  for (const param of params) {
    const [name, value] = param.split('=');
    if (name?.trim().toLowerCase() === 'phone-context' && value) context = value.trim();
  }
  return { number, ...(context !== undefined ? { context } : {}) };
}

/** A phone link's number in E.164, or null when the link is not a phone number this can resolve. */
export function normalizePhoneHref(href: string, options: NormalizeOptions = {}): string | null {
  const parts = numberOfHref(href);
  if (!parts) return null;
  const { number, context } = parts;
  const compact = number.replace(/[\s\u00a0\-.()]/g, '');
  // RFC 3966 local number: the context, when it is a global number prefix, supplies the country.
  if (!compact.startsWith('+') && context?.startsWith('+')) {
    const prefix = context.replace(/[^\d+]/g, '');
    return toE164(`${prefix}${compact}`);
  }
  return toE164(number, options);
}

/** The digits of a phone link, for a de-duplication key when no E.164 form can be had. */
export function phoneHrefDigits(href: string): string | null {
  const parts = numberOfHref(href);
  if (!parts) return null;
  const digits = withoutInlineExtension(parts.number).replace(/[^\d+]/g, '');
  return /\d{3,}/.test(digits) ? digits.slice(0, 32) : null;
}
