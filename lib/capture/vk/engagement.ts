import type { SignalKind } from '../../activity';
import { asArray, asObject, text } from '../parse';
import { topicsOf } from '../topics';
import type { DetectContext, DetectorEvent } from '../types';

/**
 * Signals to act on (issue 15, point 4), VK: `notifications.get` (dev.vk.com: "a list of notifications
 * about other users' feedback to the current user's wall posts") answers
 * `{"response":{"count","items":[{type, date, parent, feedback, reply?}], "profiles", "groups", …}}`.
 * By definition about the rep's own posts, so no ownership check is needed:
 * - `comment_post`: `parent` is the rep's post (its `text` matched against the rep's topics here and
 *   dropped), `feedback` the comment (`from_id`, `date`);
 * - `like_post`: `feedback` is `{count, items:[{from_id}]}`, the people who liked it;
 * - `mention`: `feedback` is the post that mentions the rep (`from_id`, `date`, its `text` matched).
 * `date` is unix seconds. Only who (as the `vk:<id>` the messages name), how, when and topic labels
 * leave this file. Whether the web client itself calls notifications.get on api.vk.com is unverified.
 */

const WAYS: Record<string, SignalKind> = { comment_post: 'commented', like_post: 'reacted', mention: 'mentioned' };

const epochMs = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value * 1000 : undefined;

const personOf = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value !== 0 ? `vk:${value}` : undefined;

export function learnVkEngagement(response: unknown, context: DetectContext, startedAt: number): DetectorEvent[] {
  const events: DetectorEvent[] = [];
  for (const item of asArray(asObject(response)?.items).slice(0, 500)) {
    const notification = asObject(item);
    const kind = WAYS[text(notification?.type) ?? ''];
    if (!notification || !kind) continue;
    const feedback = asObject(notification.feedback);
    const about = kind === 'mentioned' ? feedback : asObject(notification.parent);
    const topics = topicsOf(text(about?.text), context.engagementTopics);
    const at = Math.min(
      epochMs(kind === 'reacted' ? notification.date : feedback?.date) ?? epochMs(notification.date) ?? startedAt,
      startedAt,
    );
    const people =
      kind === 'reacted' ? asArray(feedback?.items).map((like) => personOf(asObject(like)?.from_id)) : [personOf(feedback?.from_id)];
    for (const person of people.slice(0, 100)) {
      if (person) events.push({ type: 'engagement', channel: 'vk', person, kind, at, topics });
    }
  }
  return events;
}
