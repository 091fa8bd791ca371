import { isObject, isSuccessStatus, parseJson } from '../parse';
import type { DetectorEvent, Observation } from '../types';
import { requestJson } from './request-json';

/**
 * Outlook on the web: the organiser cancels a meeting it sent (issue 25). Exchange's own operations
 * (EWS, whose JSON form OWA posts to `service.svc`), as Microsoft documents them:
 *
 * - `action=DeleteItem` with `SendMeetingCancellations` (SendToNone | SendOnlyToAll |
 *   SendToAllAndSaveCopy) and `ItemIds: [{ Id, ChangeKey }]` — "DeleteItem operation"
 *   (learn.microsoft.com/exchange/client-developer/web-service-reference/deleteitem-operation):
 *   the attribute is required when the item is a calendar item, so its presence marks one;
 * - `action=CreateItem` with a `CancelCalendarItem` response object naming the meeting in
 *   `ReferenceItemId: { Id, ChangeKey }` — "CancelCalendarItem"
 *   (learn.microsoft.com/exchange/client-developer/web-service-reference/cancelcalendaritem);
 * - `action=CancelCalendarEvent`, which newer OWA builds send (*unverified*: the id is read from
 *   `EventId` or `ItemId`, as for CreateCalendarEvent in meeting.ts).
 *
 * Only on a success answer (every ResponseClass "Success"). The meeting's key is
 * `outlook-meeting:<ItemId>` (meeting.ts records it from the CreateItem answer; the Id stays, the
 * ChangeKey changes), so the retraction also reaches the same meeting seen by another source.
 */

const MAX_IDS = 50;

const idOf = (value: unknown): string | undefined =>
  isObject(value) && typeof value.Id === 'string' && value.Id.length > 0 && value.Id.length <= 400 ? value.Id : undefined;

/** The calendar items a request cancels, by their Exchange ids; empty for anything else. */
export function cancelledItemIds(action: string, body: Record<string, unknown>): string[] {
  const inner = isObject(body.Body) ? body.Body : body;
  if (action === 'DeleteItem') {
    if (typeof inner.SendMeetingCancellations !== 'string') return [];
    const ids = Array.isArray(inner.ItemIds) ? inner.ItemIds : [];
    return ids.map(idOf).filter((id): id is string => id !== undefined);
  }
  if (action === 'CreateItem') {
    const items = Array.isArray(inner.Items) ? inner.Items : [];
    return items
      .filter((item): item is Record<string, unknown> => isObject(item) && item.__type === 'CancelCalendarItem:#Exchange')
      .map((item) => idOf(item.ReferenceItemId))
      .filter((id): id is string => id !== undefined);
  }
  if (action === 'CancelCalendarEvent') {
    const id = idOf(inner.EventId) ?? idOf(inner.ItemId);
    return id ? [id] : [];
  }
  return [];
}

/** Whether the answer reports success for every item (an error or a warning anywhere is a failure). */
function succeeded(observation: Observation): boolean {
  if (!isSuccessStatus(observation.response.status)) return false;
  const body = parseJson(observation.response.body);
  if (!isObject(body)) return false;
  const text = JSON.stringify(body);
  return /"ResponseClass":"Success"/.test(text) && !/"ResponseClass":"(Error|Warning)"/.test(text);
}

/** A meeting cancelled from Outlook on the web, as retractions of the meetings it recorded. */
export function detectOutlookCancellation(observation: Observation, action: string): DetectorEvent[] {
  const body = requestJson(observation);
  if (!body) return [];
  const ids = cancelledItemIds(action, body).slice(0, MAX_IDS);
  if (ids.length === 0 || !succeeded(observation)) return [];
  return ids.map((id) => ({ type: 'retract', dedupeKey: `outlook-meeting:${id}` }));
}
