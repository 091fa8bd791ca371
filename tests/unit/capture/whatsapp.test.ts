// @vitest-environment jsdom
// @vitest-environment-options {"url": "https://web.whatsapp.com/"}
import { describe, expect, it } from 'vitest';
import { chatCounts } from '../../../lib/background/privacy';
import type { Observation } from '../../../lib/capture/types';
import { DetectorEvent } from '../../../lib/capture/types';
import { whatsappDetector } from '../../../lib/capture/whatsapp/detect';
import { installWhatsAppHook } from '../../../lib/capture/whatsapp/page-world-hook';
import { CONTACT, captureFixtures, GROUP, IN_GROUP, ONE_TO_ONE, sentRow } from '../../builders/whatsapp';

const detect = (observation: Observation) => {
  const events = whatsappDetector.detect(observation, { participantsOf: () => undefined });
  for (const event of events) DetectorEvent.parse(event);
  return events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));
};

describe('whatsapp detector', () => {
  it('one-to-one chats are users, groups are chats, keyed on the chat and message id', () => {
    expect(detect(sentRow(ONE_TO_ONE))).toMatchObject([
      {
        kind: 'messenger_message',
        channel: 'whatsapp',
        subtype: 'user',
        recipients: [{ profileId: `wa:${CONTACT}`, role: 'to' }],
        dedupeKey: `whatsapp:${CONTACT}@c.us_3EB0C767D26A1D8E3A45`,
      },
    ]);
    expect(detect(sentRow(IN_GROUP))).toMatchObject([{ subtype: 'chat', recipients: [{ profileId: `wa:${GROUP}` }] }]);
    for (const [name, observation] of Object.entries(captureFixtures.negative)) expect(detect(observation), name).toEqual([]);
    expect(detect(sentRow(ONE_TO_ONE, 500))).toEqual([]);
  });

  it('follows the messenger privacy rules: one-to-one unless excluded, groups only when marked as work', () => {
    const [direct] = detect(sentRow(ONE_TO_ONE));
    const [group] = detect(sentRow(IN_GROUP));
    const none = { excluded: [], work: [] };
    expect(chatCounts(direct!, none)).toBe(true);
    expect(chatCounts(direct!, { excluded: [`wa:${CONTACT}`], work: [] })).toBe(false);
    expect(chatCounts(group!, none)).toBe(false);
    expect(chatCounts(group!, { excluded: [], work: [`wa:${GROUP}`] })).toBe(true);
  });
});

/** A message row as the cited sources describe it: `data-id` on the row, the status icon's `data-icon` inside. */
function row(dataId: string, icon: string): HTMLElement {
  const element = document.createElement('div');
  element.setAttribute('data-id', dataId);
  element.innerHTML = `<div class="copyable-text"><span>SECRET text</span><span data-icon="${icon}"></span></div>`;
  return element;
}
const setIcon = (element: HTMLElement, icon: string) => element.querySelector('[data-icon]')!.setAttribute('data-icon', icon);
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('whatsapp page-world hook', () => {
  it('reports a row of the rep once, when its clock turns into a tick; never history, a failure or text', async () => {
    const reported: Observation[] = [];
    installWhatsAppHook(window, (observation) => reported.push(observation));
    const pane = document.createElement('div');
    document.body.append(pane);

    // History rendered already ticked, and a received message: nothing.
    pane.append(
      row(`true_${CONTACT}@c.us_3EB0OLD0000000000001`, 'msg-dblcheck-ack'),
      row(`false_${CONTACT}@c.us_3EB0IN00000000000001`, 'msg-time'),
    );
    // A send: pending, then sent, then delivered and read (ticks again): one report.
    const sent = row(ONE_TO_ONE, 'msg-time');
    pane.append(sent);
    await flush();
    setIcon(sent, 'msg-check');
    await flush();
    setIcon(sent, 'msg-dblcheck');
    await flush();
    // A failed send: pending, then an error icon: nothing.
    const failed = row(`true_${CONTACT}@c.us_3EB0FAIL000000000001`, 'msg-time');
    pane.append(failed);
    await flush();
    setIcon(failed, 'msg-error');
    await flush();
    // The client may replace the icon element rather than its attribute.
    const group = row(IN_GROUP, 'msg-time');
    pane.append(group);
    await flush();
    group.querySelector('[data-icon]')!.replaceWith(Object.assign(document.createElement('span'), {}));
    group.querySelector('span:last-child')!.setAttribute('data-icon', 'msg-check');
    await flush();

    expect(reported.map((o) => JSON.parse(o.request.body!))).toEqual([
      { v: 1, dataId: ONE_TO_ONE },
      { v: 1, dataId: IN_GROUP },
    ]);
    expect(JSON.stringify(reported)).not.toContain('SECRET');
    expect(reported.flatMap(detect)).toHaveLength(2);
  });
});
