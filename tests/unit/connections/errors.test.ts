import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CONNECTION_ERROR_KINDS, errorInWords, errorWords, failureRecord, type Surface } from '../../../lib/connections';
import { catalogue, speak } from '../ui/locale';

const AT = Date.UTC(2026, 0, 14, 17, 0);
const time = (ms: number) => new Date(ms).toISOString();

describe('a failure record', () => {
  it('keeps the message on one line and at most 300 characters', () => {
    const record = failureRecord({ kind: 'rejected', message: `  bad\n\n request ${'x'.repeat(400)}`, status: 400 }, AT);
    expect(record.message.startsWith('bad request x')).toBe(true);
    expect(record.message).toHaveLength(300);
    expect(record).toMatchObject({ kind: 'rejected', status: 400, at: AT });
  });

  it('keeps a rate limit’s wait as asked, as a time, or not at all', () => {
    const limited = { kind: 'rate_limited', message: 'slow down', retryAfterMs: 30_000 };
    expect(failureRecord(limited, AT)).toEqual({ kind: 'rate_limited', message: 'slow down', retryAfterMs: 30_000, at: AT });
    expect(failureRecord(limited, AT, { retryAt: AT + 30_000 })).toEqual({
      kind: 'rate_limited',
      message: 'slow down',
      retryAt: AT + 30_000,
      at: AT,
    });
    expect(failureRecord(limited, AT, 'none')).toEqual({ kind: 'rate_limited', message: 'slow down', at: AT });
  });
});

describe('failures in words', () => {
  afterEach(() => fakeBrowser.reset());
  const surfaces: Surface[] = ['connector', 'crm', 'team'];

  it('has every kind on every surface in English and in Russian', () => {
    const en = catalogue('en');
    const ru = catalogue('ru');
    const missing: string[] = [];
    for (const surface of surfaces) {
      for (const kind of CONNECTION_ERROR_KINDS) {
        // The Capture section's connectors fail with the vendors' kinds only (lib/api-connector/http.ts).
        if (
          surface === 'connector' &&
          ['missing_scope', 'wrong_domain', 'not_found', 'user_permission', 'not_connected', 'unsupported'].includes(kind)
        )
          continue;
        const [key] = errorWords({ kind, message: 'm', at: AT }, surface, 'Acme', time);
        if (!en[key] || !ru[key]) missing.push(`${surface}/${kind}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('says what to do in the rep’s language, with the service and the vendor’s words', () => {
    speak('en');
    expect(errorInWords({ kind: 'wrong_key', message: '401', at: AT }, 'crm', 'HubSpot', time)).toContain('HubSpot');
    expect(errorInWords({ kind: 'rejected', message: 'Owner not found', at: AT }, 'connector', 'Aircall', time)).toContain(
      'Owner not found',
    );
    speak('ru');
    const russian = errorInWords({ kind: 'network', message: '', at: AT }, 'team', 'Pipedrive', time);
    expect(russian).toContain('Pipedrive');
    expect(russian).toMatch(/[а-яё]/i);
  });

  it('names when to look again after a rate limit, as each surface keeps it', () => {
    const words = (surface: Surface, extra: object) =>
      errorWords({ kind: 'rate_limited', message: '', at: AT, ...extra }, surface, 'X', time)[1];
    expect(words('connector', { retryAfterMs: 5_000 })).toEqual([time(AT + 5_000)]);
    expect(words('connector', {})).toEqual([time(AT + 60_000)]);
    expect(words('team', { retryAt: AT + 7_000 })).toEqual(['X', time(AT + 7_000)]);
    expect(words('crm', {})).toEqual(['X', time(AT)]);
  });
});
