import { aircallSource } from './aircall/source';
import { calcomSource } from './calcom/source';
import { calendlySource } from './calendly/source';
import type { SourceChannel } from './define-source';
import { gmailSource } from './gmail/source';
import { icsSource } from './ics/source';
import { linkedinSource } from './linkedin/source';
import { mailruSource } from './mailru/source';
import { mangoSource } from './mango/source';
import { outlookSource } from './outlook/source';
import { phoneLinkSource } from './phone-link/source';
import { protonSource } from './proton/source';
import { ringcentralSource } from './ringcentral/source';
import { telegramSource } from './telegram/source';
import { vkSource } from './vk/source';
import { whatsappSource } from './whatsapp/source';
import { yahooSource } from './yahoo/source';
import { yandexSource } from './yandex/source';
import { zadarmaSource } from './zadarma/source';
import { zohoSource } from './zoho/source';

/**
 * Every capture source, in the order the UI lists their channels: the one place that names them all.
 * Adding a source is its folder (lib/capture/<source>/ with source.ts) and one line here; every
 * central list is made from this one (activity channels, install defaults, words, hosts, permissions,
 * detectors and hooks by folder). tests/unit/architecture/adding-a-source.test.ts holds it.
 * Descriptors only: every page script may import this, so it must stay free of detectors and schemas.
 */
export const ALL_SOURCES = [
  gmailSource,
  outlookSource,
  yahooSource,
  linkedinSource,
  mailruSource,
  yandexSource,
  protonSource,
  zohoSource,
  vkSource,
  telegramSource,
  whatsappSource,
  phoneLinkSource,
  aircallSource,
  ringcentralSource,
  zadarmaSource,
  mangoSource,
  calendlySource,
  calcomSource,
  icsSource,
] as const;

type AnySource = (typeof ALL_SOURCES)[number];
export type PageSource = Extract<AnySource, { kind: 'page' }>;
export type ApiSourceDescriptorOf = Extract<AnySource, { kind: 'api' }>;
export type HookSource = Extract<AnySource, { kind: 'hook' }>;

/** Every channel a source records under, in the sources' order. */
export type SourceChannelId = AnySource['channels'][number]['id'];

const ofKind = <K extends AnySource['kind']>(kind: K) =>
  ALL_SOURCES.filter((source): source is Extract<AnySource, { kind: K }> => source.kind === kind);

export const PAGE_SOURCES: readonly PageSource[] = ofKind('page');
export const API_SOURCE_DESCRIPTORS: readonly ApiSourceDescriptorOf[] = ofKind('api');
export const HOOK_SOURCE_DESCRIPTORS: readonly HookSource[] = ofKind('hook');

/** Every source's channels, once each, in order. */
export const SOURCE_CHANNELS: readonly SourceChannel<SourceChannelId>[] = ALL_SOURCES.flatMap(
  (source): readonly SourceChannel<SourceChannelId>[] => source.channels,
);
export const SOURCE_CHANNEL_IDS: readonly SourceChannelId[] = SOURCE_CHANNELS.map((channel) => channel.id);
