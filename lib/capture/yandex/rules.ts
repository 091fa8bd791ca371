import type { WatchRule } from '../watchlist';

/** Yandex Mail's hosts: one per country domain, the same client on each. */
export const YANDEX_MAIL_HOSTS: readonly string[] = [
  'mail.yandex.ru',
  'mail.yandex.com',
  'mail.yandex.by',
  'mail.yandex.kz',
  'mail.yandex.uz',
  'mail.yandex.com.tr',
  'mail.yandex.az',
  'mail.yandex.com.am',
  'mail.yandex.com.ge',
  'mail.yandex.co.il',
  'mail.yandex.kg',
  'mail.yandex.lt',
  'mail.yandex.lv',
  'mail.yandex.md',
  'mail.yandex.tj',
  'mail.yandex.tm',
  'mail.yandex.ee',
  'mail.yandex.fr',
];

/** The liza client's compose endpoint: `?_send=true` sends, `?_save=true` saves a draft. */
export const YANDEX_DO_SEND_PATH = /^\/web-api\/do-send\/liza\d*$/;
export const YANDEX_SEND_OR_SAVE_QUERY = /(^|&)_(send|save)=true(&|$)/;

export const RULES: readonly WatchRule[] = [
  { hosts: YANDEX_MAIL_HOSTS, path: YANDEX_DO_SEND_PATH, query: YANDEX_SEND_OR_SAVE_QUERY, methods: ['POST'] },
];
