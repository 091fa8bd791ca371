import { Recipient } from '../activity';
import { toE164 } from '../capture/phone-link/normalize';

/**
 * A contact as a rep types it on an entry (issue 21.9, 27.7): an email address, a LinkedIn or VK
 * profile link, or a phone number ("+1 (415) 555-0100", "+7 912 345-67-89", "8 912 345-67-89" in
 * Russia). Phone numbers are read by the same small normaliser as phone links; no numbering-plan
 * library in the page.
 */

/** vk.com/id777001 is the profile with id 777001, stored as VK capture names it (`vk:777001`); vk.com/durov by its short name. */
const VK_PROFILE = /^(?:https?:\/\/)?(?:m\.)?vk\.(?:com|ru)\/(?:id(\d+)|([a-z0-9_.]{2,64}))\/?(?:[?#].*)?$/i;

export function contactOf(text: string, options: { defaultCallingCode?: string } = {}): Recipient | undefined {
  const value = text.trim();
  if (/linkedin\.com\/in\//i.test(value)) return parsed({ profileId: value.slice(0, 300) });
  const vk = VK_PROFILE.exec(value);
  if (vk) return parsed({ profileId: `vk:${vk[1] ?? vk[2]!.toLowerCase()}` });
  if (value.includes('@')) return parsed({ address: value });
  if (/^[+\d(][\d\s\u00a0().\-–]*\d$/.test(value)) {
    const phone = toE164(value, options.defaultCallingCode ? { defaultCallingCode: options.defaultCallingCode } : {});
    return phone ? parsed({ phone }) : undefined;
  }
  return undefined;
}

function parsed(candidate: unknown): Recipient | undefined {
  const result = Recipient.safeParse(candidate);
  return result.success ? result.data : undefined;
}

/** The calling code a national number typed in this UI language most likely has: Russia's "8 912 …" is +7. */
export function callingCodeOf(locale: string): string | undefined {
  return locale.toLowerCase().startsWith('ru') ? '7' : undefined;
}

/** Country calling codes of two digits (ITU-T E.164 assignments); 1 and 7 are the single-digit ones, the rest have three. */
const TWO_DIGIT_CODES = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81,
  82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

function splitAt(digits: string, sizes: readonly number[]): string[] {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts;
}

/**
 * An E.164 number grouped for reading: "+7 903 111-22-33", "+1 415-555-0100", "+44 203 769 1880".
 * Russia and NANP as their own people write them; elsewhere the country code, then threes, the last
 * four together. Anything that is not E.164 is returned as it is.
 */
export function formatPhone(e164: string): string {
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) return e164;
  const digits = e164.slice(1);
  if (digits.startsWith('7') && digits.length === 11) {
    const [area, a, b, c] = splitAt(digits.slice(1), [3, 3, 2, 2]);
    return `+7 ${area} ${a}-${b}-${c}`;
  }
  if (digits.startsWith('1') && digits.length === 11) {
    const [area, a, b] = splitAt(digits.slice(1), [3, 3, 4]);
    return `+1 ${area}-${a}-${b}`;
  }
  const codeLength = digits[0] === '1' || digits[0] === '7' ? 1 : TWO_DIGIT_CODES.has(Number(digits.slice(0, 2))) ? 2 : 3;
  const code = digits.slice(0, codeLength);
  const national = digits.slice(codeLength);
  const head = national.length > 4 ? national.slice(0, -4) : '';
  const groups = [...(head.match(/\d{1,3}/g) ?? []), national.slice(head.length)];
  return `+${code} ${groups.join(' ')}`;
}

/** A VK profile's page for a stored `vk:` profile id (a person's positive id or short name); undefined for chats and groups. */
export function vkProfileUrl(profileId: string | undefined): string | undefined {
  const match = profileId === undefined ? null : /^vk:(?:(\d+)|([a-z][a-z0-9_.]{1,63}))$/i.exec(profileId);
  if (!match) return undefined;
  // Chats (2000000000 and above) have no profile page.
  if (match[1] !== undefined && Number(match[1]) >= 2_000_000_000) return undefined;
  return `https://vk.com/${match[1] !== undefined ? `id${match[1]}` : match[2]}`;
}
