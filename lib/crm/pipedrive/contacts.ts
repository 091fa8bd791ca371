import type { CrmPerson } from '../types';
import type { PersonHit } from './api';

/**
 * How a person we wrote to is looked up in Pipedrive (GET /api/v2/persons/search,
 * https://developers.pipedrive.com/docs/api/v1/Persons#searchPersons): by email (exact), by phone
 * (Pipedrive keeps numbers as typed, so the search is fuzzy and each hit is checked digit by digit),
 * then by LinkedIn or VK profile URL in the persons' custom fields (Pipedrive has no field of its
 * own for them; teams keep them in a custom text field). Each hit is checked against what we looked
 * for: the search matches more loosely than we may.
 */

/** Digits without the national trunk prefix's leading zeros ("030 1234 567" → "301234567"). */
const digitsOf = (phone: string) => phone.replace(/\D/g, '').replace(/^0+/, '');

/** Same number however it is written: equal digits, or one ends with the other's 7+ digits (a national form). */
export function samePhone(stored: string, e164: string): boolean {
  const a = digitsOf(stored);
  const b = digitsOf(e164);
  if (a.length < 7 || b.length < 7) return false;
  return a === b || (a.length < b.length ? b.endsWith(a) : a.endsWith(b));
}

/** A profile URL without scheme, `www.`, query or trailing slash, lower-cased. */
export function profileKey(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
}

export interface PersonQuery {
  term: string;
  fields: 'email' | 'phone' | 'custom_fields';
  exact: boolean;
  /** Checks a hit against what we looked for (the search is fuzzier than our match). */
  matches: (hit: PersonHit) => boolean;
}

export function personQueries(person: CrmPerson): PersonQuery[] {
  const queries: PersonQuery[] = [];
  const email = person.email?.trim().toLowerCase();
  if (email)
    queries.push({
      term: email,
      fields: 'email',
      exact: true,
      matches: (hit) => !hit.emails || hit.emails.some((e) => e.toLowerCase() === email),
    });
  if (person.phone) {
    const phone = person.phone;
    queries.push({ term: phone, fields: 'phone', exact: false, matches: (hit) => (hit.phones ?? []).some((p) => samePhone(p, phone)) });
  }
  // Pipedrive persons have no LinkedIn or VK field: teams keep profile URLs in a custom field.
  const profiles = [person.linkedin, person.vkId ? `https://vk.com/id${person.vkId}` : undefined].filter((p): p is string => !!p);
  for (const profile of profiles) {
    const key = profileKey(profile);
    queries.push({
      term: profile,
      fields: 'custom_fields',
      exact: true,
      matches: (hit) => !hit.custom_fields || hit.custom_fields.some((v) => typeof v === 'string' && profileKey(v) === key),
    });
  }
  return queries;
}

export function contactName(person: CrmPerson): string | undefined {
  const linkedinSlug = person.linkedin?.match(/linkedin\.com\/in\/([^/?#]+)/i)?.[1];
  return person.name?.trim() || person.email || person.phone || linkedinSlug || (person.vkId ? `vk.com/id${person.vkId}` : undefined);
}
