import type { EngagementTopic } from '../settings';

/**
 * The rep's topics applied to a post's text (issue 15, point 4): the labels of the topics one of
 * whose keywords the text contains, case-insensitively, as a whole word or phrase. The text itself
 * never leaves the detector that calls this; only the labels are kept.
 */
export function topicsOf(text: string | undefined, topics: readonly EngagementTopic[] | undefined): string[] {
  if (!text || !topics?.length) return [];
  const haystack = ` ${normalise(text)} `;
  return topics.filter((topic) => topic.keywords.some((keyword) => haystack.includes(` ${normalise(keyword)} `))).map((t) => t.label);
}

/** Lower case, letters and digits only (any script), single spaces: "#Retirement-planning!" → "retirement planning". */
function normalise(value: string): string {
  return value
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
