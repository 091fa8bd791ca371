import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BITRIX24 } from '../../../lib/crm/bitrix24';
import { crmsInLocaleOrder } from '../../../lib/crm/locale-order';
import { CrmSyncSettings, defaultCrmSyncSettings } from '../../../lib/crm/outbox';
import { crmLanguageOf, recordAmount, recordSummary } from '../../../lib/crm/record-words';
import { toCrmRecord } from '../../../lib/crm/sync';
import { CrmCredentials, type CrmRecord } from '../../../lib/crm/types';
import { anActivity } from '../../builders/activity';
import { createFakeBitrix24 } from '../../fakes/crm/bitrix24/fake-bitrix24';

const NBSP = /[\u00a0\u202f]/g;

describe('CRM records in the team language', () => {
  it('writes the Russian words a Bitrix24 or amoCRM manager reads', () => {
    const email = anActivity({ kind: 'email', channel: 'mailru' });
    const call = anActivity({ kind: 'call', channel: 'zadarma', outcome: 'connected', durationSec: 185 });
    const deal = anActivity({ kind: 'deal', channel: 'manual', amount: 150000, currency: 'RUB' });
    expect(recordSummary(email, 'ru')).toBe('Письмо отправлено (Mail.ru) · Quota Radar');
    expect(recordSummary(call, 'ru')).toBe('Звонок: состоялся, 3 мин (Zadarma) · Quota Radar');
    expect(recordSummary(deal, 'ru').replace(NBSP, ' ')).toBe('Сделка: 150 000 ₽ (внесено вручную) · Quota Radar');
    // English stays as it was written before.
    expect(recordSummary(call, 'en')).toBe('Call: connected, 3 min (Zadarma) · Quota Radar');
    expect(recordSummary(deal, 'en')).toBe('Deal: 150000 RUB (logged by hand) · Quota Radar');
    expect(toCrmRecord(deal, { includeSubjects: false }, new Map(), 'ru').summary).toBe(recordSummary(deal, 'ru'));
  });

  it('reads the language from the UI locale', () => {
    expect(crmLanguageOf('ru')).toBe('ru');
    expect(crmLanguageOf('ru-RU')).toBe('ru');
    expect(crmLanguageOf('en-US')).toBe('en');
    expect(crmLanguageOf('de')).toBe('en');
  });

  it('property: a Russian amount reads back as the amount (to the kopeck), with its currency sign or code', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }).map((n) => n / 100),
        fc.constantFrom('RUB', 'USD', 'EUR', 'KZT', 'BYN'),
        (amount, currency) => {
          const shown = recordAmount(amount, currency, 'ru');
          const digits = shown.replace(/[^\d,]/g, '').replace(',', '.');
          expect(Number(digits)).toBe(amount);
          expect(shown).toMatch(/₽|\$|€|₸|Br|[A-Z]{3}/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: every summary ends with the signature Bitrix24 finds tasks by, in either language', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('email', 'call', 'meeting', 'deal', 'messenger_message', 'social_touch' as const),
        fc.constantFrom('mailru', 'yandex', 'vk', 'telegram', 'zadarma', 'mango', 'manual' as const),
        fc.constantFrom('en', 'ru' as const),
        (kind, channel, language) => {
          expect(recordSummary(anActivity({ kind, channel }), language)).toMatch(/ · Quota Radar$/);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the connection settings accept a language and a Bitrix24 lead/deal, and refuse anything else', () => {
    const base = defaultCrmSyncSettings(0);
    expect(CrmSyncSettings.parse({ ...base, language: 'ru', unlinkedTo: { entity: 'deal', id: '42' } })).toMatchObject({
      language: 'ru',
      unlinkedTo: { entity: 'deal', id: '42' },
    });
    expect(CrmSyncSettings.safeParse({ ...base, language: 'de' }).success).toBe(false);
    expect(CrmSyncSettings.safeParse({ ...base, unlinkedTo: { entity: 'company', id: '42' } }).success).toBe(false);
    expect(CrmSyncSettings.safeParse({ ...base, unlinkedTo: { entity: 'deal', id: '4 2' } }).success).toBe(false);
  });
});

describe('Bitrix24: a record with no contact', () => {
  const at = Date.parse('2026-01-14T09:00:00Z');
  const call: CrmRecord = {
    activityId: 'call-1',
    recordKind: 'call',
    kind: 'call',
    channel: 'zadarma',
    occurredAt: at,
    durationSec: 180,
    outcome: 'connected',
    summary: 'Звонок: состоялся, 3 мин (Zadarma) · Quota Radar',
  };
  function setup() {
    const fake = createFakeBitrix24(() => at);
    const credentials = CrmCredentials.parse({ crm: 'bitrix24', webhookUrl: fake.connectFields['Webhook URL'] });
    return { fake, client: BITRIX24.createClient(credentials, fake.transport.send, () => at) };
  }

  it('goes to the chosen deal timeline instead of a task, once, and is taken back from there', async () => {
    const { fake, client } = setup();
    const deal = fake.addItem('deal', 'ООО Ромашка: поставка');
    const written = await client.createRecord(call, [], { unlinkedTo: { entity: 'deal', id: deal } });
    if (!written.ok) throw new Error(written.error.message);
    // A retry (a lost answer) finds it on the deal's timeline and writes nothing again.
    expect(await client.createRecord(call, [], { unlinkedTo: { entity: 'deal', id: deal } })).toEqual(written);
    const records = fake.records().filter((r) => !r.deleted);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ type: 'crm.timeline.comment', timelineOf: `deal:${deal}`, activityId: 'call-1' });
    expect(records[0]!.text).toContain('Звонок: состоялся, 3 мин (Zadarma)');
    expect(fake.records().some((r) => r.type === 'tasks.task')).toBe(false);
    expect(await client.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    expect(fake.records().every((r) => r.deleted)).toBe(true);
  });

  it('without a chosen lead or deal stays the rep own completed task', async () => {
    const { fake, client } = setup();
    expect((await client.createRecord(call, [])).ok).toBe(true);
    expect(fake.records().map((r) => r.type)).toEqual(['tasks.task']);
  });

  it('a deal that does not exist is refused, not written elsewhere', async () => {
    const { fake, client } = setup();
    const result = await client.createRecord(call, [], { unlinkedTo: { entity: 'deal', id: '999' } });
    expect(result.ok).toBe(false);
    expect(fake.records()).toHaveLength(0);
  });
});

describe('the connect form starts on the CRMs of the locale', () => {
  const all = (['hubspot', 'pipedrive', 'bitrix24', 'amocrm'] as const).map((id) => ({ id }));
  it('Russian UI: Bitrix24 and amoCRM first; English: as before', () => {
    expect(crmsInLocaleOrder(all, 'ru-RU').map((c) => c.id)).toEqual(['bitrix24', 'amocrm', 'hubspot', 'pipedrive']);
    expect(crmsInLocaleOrder(all, 'en').map((c) => c.id)).toEqual(['hubspot', 'pipedrive', 'bitrix24', 'amocrm']);
  });
  it('property: a reordering only, never a CRM dropped or added', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(all), fc.constantFrom('ru', 'en', 'de', 'ru-KZ'), (crms, locale) => {
        const ordered = crmsInLocaleOrder(crms, locale);
        expect([...ordered].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...crms].sort((a, b) => a.id.localeCompare(b.id)));
      }),
      { numRuns: 100 },
    );
  });
});
