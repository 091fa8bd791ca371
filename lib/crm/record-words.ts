import { z } from 'zod';
import { type Activity, type BuiltInKind, isBuiltInKind } from '../activity';
import { SOURCE_CHANNELS } from '../capture/all-sources';

/**
 * The words of a CRM record (its title and one-line summary), in the language the team reads its
 * CRM in: chosen per CRM connection, by default the UI's. Only our words change: the marker line
 * (marker.ts) and the trailing "· Quota Radar" stay as they are, because a retry, a second browser,
 * the team board and Bitrix24's task search ('%Quota Radar%') recognise records by them.
 */
export const CRM_LANGUAGES = ['en', 'ru'] as const;
export const CrmLanguage = z.enum(CRM_LANGUAGES);
export type CrmLanguage = z.infer<typeof CrmLanguage>;

/** The language a UI locale ("ru", "ru-RU", "en-US") writes CRM records in. */
export function crmLanguageOf(locale: string): CrmLanguage {
  return locale.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/** Ends every summary: Bitrix24's task search and a reader's "who wrote this" both rely on it. */
export const SUMMARY_SIGNATURE = 'Quota Radar';

interface RecordWords {
  kinds: Record<BuiltInKind, string>;
  channels: Partial<Record<Activity['channel'], string>>;
  outcomes: Record<NonNullable<Activity['outcome']>, string>;
  minutes: (n: number) => string;
}

/** Each source's channels as its descriptor words them in a record, and manual entries. */
function channelWords(language: CrmLanguage, manual: string): RecordWords['channels'] {
  return {
    ...Object.fromEntries(SOURCE_CHANNELS.map((channel) => [channel.id, (channel.inRecord ?? channel.name)[language]])),
    manual,
  };
}

const WORDS: Record<CrmLanguage, RecordWords> = {
  en: {
    kinds: {
      email: 'Email sent',
      linkedin_message: 'LinkedIn message sent',
      linkedin_invite: 'LinkedIn invitation sent',
      inmail: 'InMail sent',
      social_touch: 'Social touch',
      call: 'Call',
      meeting: 'Meeting',
      opportunity: 'Opportunity',
      deal: 'Deal',
      messenger_message: 'Message sent',
      work_report: 'Work report',
      demo: 'Product demo',
      new_customer: 'New customer',
    },
    channels: channelWords('en', 'logged by hand'),
    outcomes: {
      connected: 'connected',
      no_answer: 'no answer',
      voicemail: 'voicemail',
      wrong_number: 'wrong number',
      busy: 'busy',
      failed: 'failed',
    },
    minutes: (n) => `${n} min`,
  },
  ru: {
    kinds: {
      email: 'Письмо отправлено',
      linkedin_message: 'Сообщение в LinkedIn отправлено',
      linkedin_invite: 'Приглашение в LinkedIn отправлено',
      inmail: 'InMail отправлен',
      social_touch: 'Касание в соцсети',
      call: 'Звонок',
      meeting: 'Встреча',
      opportunity: 'Сделка в работе',
      deal: 'Сделка',
      messenger_message: 'Сообщение отправлено',
      work_report: 'Отчёт о работе',
      demo: 'Демонстрация продукта',
      new_customer: 'Новый клиент',
    },
    channels: channelWords('ru', 'внесено вручную'),
    outcomes: {
      connected: 'состоялся',
      no_answer: 'не ответили',
      voicemail: 'автоответчик',
      wrong_number: 'неверный номер',
      busy: 'занято',
      failed: 'не прошёл',
    },
    minutes: (n) => `${n} мин`,
  },
};

/**
 * An amount as the team reads it: "150 000 ₽" in Russian (Intl's own grouping and sign), "5000 USD"
 * in English as before; a code Intl does not know is written as it came (the amount is never dropped).
 */
export function recordAmount(amount: number, currency: string | undefined, language: CrmLanguage): string {
  if (language === 'ru' && currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat('ru-RU', { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(
        amount,
      );
    } catch {
      // A code Intl does not know: the number and the code as typed.
    }
  }
  return `${amount}${currency ? ` ${currency}` : ''}`;
}

/** The one-line summary: kind, call outcome and length, amount, channel, then "· Quota Radar". */
export function recordSummary(
  activity: Pick<Activity, 'kind' | 'channel' | 'outcome' | 'durationSec' | 'amount' | 'currency'>,
  language: CrmLanguage,
  kindNames: ReadonlyMap<string, string> = new Map(),
): string {
  const words = WORDS[language];
  const details: string[] = [];
  if (activity.outcome) details.push(words.outcomes[activity.outcome]);
  // "0 min" says nothing about a call nobody answered.
  const talked = activity.durationSec !== undefined && (activity.durationSec > 0 || activity.outcome === 'connected');
  if (talked && activity.kind === 'call') details.push(words.minutes(Math.round(activity.durationSec! / 60)));
  if (activity.amount !== undefined) details.push(recordAmount(activity.amount, activity.currency, language));
  const kindWords = isBuiltInKind(activity.kind)
    ? words.kinds[activity.kind]
    : (kindNames.get(activity.kind) ?? activity.kind.slice('custom:'.length));
  const channel = words.channels[activity.channel] ?? activity.channel;
  return `${kindWords}${details.length ? `: ${details.join(', ')}` : ''} (${channel}) · ${SUMMARY_SIGNATURE}`;
}
