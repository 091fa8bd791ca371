import type { CaptureSource } from './capture-source';
import { gmailRules } from './gmail/rules';
import { mailruRules } from './mailru/rules';
import { outlookRules } from './outlook/rules';
import { protonRules } from './proton/rules';
import { telegramRules } from './telegram/rules';
import { VK_PAGE_HOSTS, vkRules } from './vk/rules';
import { whatsappRules } from './whatsapp/rules';
import { yahooRules } from './yahoo/rules';
import { yandexRules } from './yandex/rules';
import { zohoRules } from './zoho/rules';

/** Webmail and messengers' page side: the sources of the main tap bundle (entrypoints/tap.content.ts). */
export const MAIL_AND_MESSENGER_SOURCES = {
  gmail: { rules: gmailRules, mail: true },
  outlook: { rules: outlookRules, mail: true },
  yahoo: { rules: yahooRules, mail: true },
  mailru: { rules: mailruRules, mail: true },
  yandex: { rules: yandexRules, mail: true },
  proton: { rules: protonRules, mail: true },
  zoho: { rules: zohoRules, mail: true },
  vk: { rules: vkRules, pages: VK_PAGE_HOSTS },
  telegram: { rules: telegramRules, tap: false },
  whatsapp: { rules: whatsappRules, tap: false },
} as const satisfies Record<string, CaptureSource>;
