import type { SourceDetector } from './define-detector';
import { gmailDetector } from './gmail/detect';
import { linkedinDetector } from './linkedin/detect';
import { mailruDetector } from './mailru/detect';
import { outlookDetector } from './outlook/detect';
import { protonDetector } from './proton/detect';
import { SOURCE_IDS, type SourceId } from './sources';
import { telegramDetector } from './telegram/detect';
import type { Detector } from './types';
import { vkDetector } from './vk/detect';
import { whatsappDetector } from './whatsapp/detect';
import { yahooDetector } from './yahoo/detect';
import { yandexDetector } from './yandex/detect';
import { zohoDetector } from './zoho/detect';

/**
 * Every capture source's detector, one line each: the background's half of the registry (the page's
 * half, rules and page hooks, is sources.ts, kept apart so the page scripts never load zod or a
 * detector). Typed over the sources' ids, so a source without a detector is a compile error; each
 * detector is `defineDetector(id, <source>Rules, detect)` with the rules sources.ts lists.
 */
export const DETECTOR_BY_SOURCE: { readonly [Id in SourceId]: SourceDetector<Id> } = {
  gmail: gmailDetector,
  outlook: outlookDetector,
  yahoo: yahooDetector,
  linkedin: linkedinDetector,
  mailru: mailruDetector,
  yandex: yandexDetector,
  proton: protonDetector,
  zoho: zohoDetector,
  vk: vkDetector,
  telegram: telegramDetector,
  whatsapp: whatsappDetector,
};

/** In the sources' order. */
export const DETECTORS: readonly Detector[] = SOURCE_IDS.map((id) => DETECTOR_BY_SOURCE[id]);
