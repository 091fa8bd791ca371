import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

/**
 * Yandex Mail's hosts: mail.yandex.<country domain>, the same client on each. Written as the
 * domains (not whole host names): these rules are bundled into every watched page.
 */
const YANDEX_DOMAINS = 'ru com by kz uz com.tr az com.am com.ge co.il kg lt lv md tj tm ee fr'.split(' ');
export const YANDEX_MAIL_HOSTS: readonly string[] = YANDEX_DOMAINS.map((domain) => `mail.yandex.${domain}`);

/** The liza client's compose endpoint: `?_send=true` sends, `?_save=true` saves a draft. */
export const YANDEX_DO_SEND_PATH = /^\/web-api\/do-send\/liza\d*$/;
export const YANDEX_SEND_OR_SAVE_QUERY = /(^|&)_(send|save)=true(&|$)/;

export const yandexRules: readonly WatchRule[] = [
  { hosts: YANDEX_MAIL_HOSTS, path: YANDEX_DO_SEND_PATH, query: YANDEX_SEND_OR_SAVE_QUERY, methods: ['POST'] },
];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: yandexRules };
