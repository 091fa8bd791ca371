/**
 * The one rule for showing a stored secret: enough to recognise it, too little to use it. A secret
 * that is an address (a Bitrix24 webhook, a calendar's private feed) shows its origin only, since
 * the secret is its path; anything else its first four characters, and nothing at all when it is so
 * short that four characters would be half of it.
 */
export function maskSecret(value: string): string {
  if (/^https?:\/\//i.test(value)) {
    try {
      return `${new URL(value).origin}/…`;
    } catch {
      return '…';
    }
  }
  return value.length <= 8 ? '…' : `${value.slice(0, 4)}…`;
}

/** A connect form's field as a page may see it once connected. */
export interface ShownField {
  name: string;
  secret: boolean;
  value: string;
}

/**
 * The stored values of a form's fields as the options page shows them: secret ones masked, empty
 * ones left out. `storedValue` reads one field from wherever the connection keeps it.
 */
export function shownFields(
  fields: readonly { name: string; secret: boolean }[],
  storedValue: (name: string) => unknown,
  { keepEmpty = false }: { keepEmpty?: boolean } = {},
): ShownField[] {
  return fields.flatMap(({ name, secret }) => {
    const raw = storedValue(name);
    const value = typeof raw === 'string' ? raw : '';
    if (!value && !keepEmpty) return [];
    return [{ name, secret, value: secret ? maskSecret(value) : value }];
  });
}
