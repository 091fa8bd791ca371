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
  gmail: { rules: gmailRules },
  outlook: { rules: outlookRules },
  yahoo: { rules: yahooRules },
  mailru: { rules: mailruRules },
  yandex: { rules: yandexRules },
  proton: { rules: protonRules },
  zoho: { rules: zohoRules },
  vk: { rules: vkRules, pages: VK_PAGE_HOSTS },
  telegram: { rules: telegramRules, tap: false },
  whatsapp: { rules: whatsappRules, tap: false },
} as const satisfies Record<string, CaptureSource>;
