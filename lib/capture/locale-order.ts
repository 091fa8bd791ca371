import type { Channel } from '../activity';
import { ALL_SOURCES } from './all-sources';

/** What a rep in this language most likely uses, first (Russian: Mail.ru and Yandex before Gmail): descriptors with `ruFirst`. */
const FIRST_FOR_RUSSIAN: readonly Channel[] = ALL_SOURCES.filter((source) => 'ruFirst' in source && source.ruFirst).flatMap((source) =>
  source.channels.map((channel) => channel.id),
);

/** Channels in the order a rep of this UI locale reads them; a reordering only, none dropped or added. */
export function channelsInLocaleOrder<T extends Channel>(channels: readonly T[], locale: string): T[] {
  if (!locale.toLowerCase().startsWith('ru')) return [...channels];
  const rank = (c: Channel) => {
    const at = FIRST_FOR_RUSSIAN.indexOf(c);
    return at === -1 ? FIRST_FOR_RUSSIAN.length : at;
  };
  return channels
    .map((channel, index) => ({ channel, index }))
    .sort((a, b) => rank(a.channel) - rank(b.channel) || a.index - b.index)
    .map(({ channel }) => channel);
}
