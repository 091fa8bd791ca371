import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gmailDetector } from '../../../lib/capture/gmail/detect';
import { gmailPageHook } from '../../../lib/capture/gmail/page-hook';
import { pageHooksFor } from '../../../lib/capture/page-hooks';
import { type Capture, DetectorEvent, type Observation } from '../../../lib/capture/types';
import {
  firstDraftSaveRequest,
  type GmailMessage,
  gmailObservation,
  keyedLabelActionRequest,
  keyedSyncRequest,
  LABELS,
  labelActionRequest,
  syncRequest,
  syncResponse,
} from '../../builders/gmail';

// Recorded traffic lives beside the checkout (../shared/fixtures); it is never copied into the project.
const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/gmail-sync/', import.meta.url));
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) console.warn(`gmail.test: ${FIXTURES} is absent; skipping the recorded Gmail cases.`);

const context = { participantsOf: () => undefined };

function fixtureObservation(name: string): Observation {
  const read = (part: string) => readFileSync(`${FIXTURES}${name}.${part}.json`, 'utf8');
  return {
    pageUrl: 'https://mail.google.com/mail/u/0/#inbox',
    request: { method: 'POST', url: 'https://mail.google.com/sync/u/0/i/s?hl=en&c=7&rt=r&pt=ji', headers: {}, body: read('request') },
    response: { status: 200, body: read('response') },
    startedAt: 1_662_744_701_000,
  };
}

function run(observation: Observation): DetectorEvent[] {
  const events = gmailDetector.detect(observation, context);
  // Everything a detector emits must satisfy the contract the background parses.
  for (const event of events) expect(() => DetectorEvent.parse(event)).not.toThrow();
  return events;
}

const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

describe.skipIf(!haveFixtures)('gmail detector on recorded sync traffic', () => {
  const sends = [
    {
      name: 'send',
      account: 'test@gmail.com',
      to: [{ address: 'test+1@gmail.com', name: 'Test Test', role: 'to' }],
      subject: 'subject_111',
      messageId: 'msg-a:r8190137112111191537',
      threadId: 'thread-a:r263523620390330024',
      rfcMessageId: '<CAFsK+UQf12W_Efo3+hwj+BWb+sk8DaGQkrOoBOU38nHafAHJ4Q@mail.gmail.com>',
      subtype: 'new',
      occurredAt: 1662744701149,
    },
    {
      name: 'send-2-custom-thread',
      account: 'test@gmail.com',
      to: [{ address: 'test+1@gmail.com', name: 'Test Test', role: 'to' }],
      subject: 'subject_111',
      messageId: 'msg-a:r8190137112111191537',
      threadId: 'thread-a:r263523620390330024',
      rfcMessageId: '<CAFsK+UQf12W_Efo3+hwj+BWb+sk8DaGQkrOoBOU38nHafAHJ4Q@mail.gmail.com>',
      subtype: 'new',
      occurredAt: 1662744701149,
    },
    {
      name: 'reply-send',
      account: 'test@streak.com',
      to: [{ address: 'test@streak.com', name: 'Test Test', role: 'to' }],
      subject: 'Re: tracking test',
      messageId: 'msg-a:r-414184523264894368',
      threadId: 'thread-a:r-474834441621213468',
      rfcMessageId: '<CAFxDt-NBAWENo5CdNqGdhzQcsu9rvLERnKDGh_4h5ikqnpf8wA@mail.gmail.com>',
      subtype: 'reply',
      occurredAt: 1663008634218,
    },
    {
      name: 'reply-send-2',
      account: 'test@streak.com',
      to: [{ address: 'test@streak.com', name: 'Test Test', role: 'to' }],
      subject: 'Re: hey2',
      messageId: 'msg-a:r2026878197680476540',
      threadId: 'thread-f:1743802434391390786',
      rfcMessageId: '<CAFxDt-NiTcOcChGTdnjfqAW4x-A6VaVkW=jd2y8jE1bJajCULg@mail.gmail.com>',
      subtype: 'reply',
      occurredAt: 1663019643605,
    },
  ];

  for (const c of sends) {
    it(`${c.name}: records exactly one email with sender, recipients, subject and ids`, () => {
      const events = run(fixtureObservation(c.name));
      expect(events).toHaveLength(1);
      expect(records(events)).toEqual([
        {
          kind: 'email',
          channel: 'gmail',
          occurredAt: c.occurredAt,
          account: c.account,
          recipients: c.to,
          subject: c.subject,
          subtype: c.subtype,
          dedupeKey: `gmail:${c.account}:${c.messageId}`,
          detection: {
            method: 'page-request',
            source: 'gmail-sync',
            ids: { messageId: c.messageId, threadId: c.threadId, rfcMessageId: c.rfcMessageId },
          },
          hold: 'undo-window',
        },
      ]);
    });
  }

  const drafts = [
    { name: 'draft-save', key: 'gmail:test@gmail.com:msg-a:r8190137112111191537' },
    { name: 'draft-update', key: 'gmail:test@gmail.com:msg-a:r8190137112111191537' },
    { name: 'reply-draft-save', key: 'gmail:test@gmail.com:msg-a:r-8480821811518170896' },
    { name: 'reply-draft-update', key: 'gmail:test@gmail.com:msg-a:r-8480821811518170896' },
  ];
  for (const c of drafts) {
    it(`${c.name}: records nothing, only retracts a pending send of that id (undo)`, () => {
      const events = run(fixtureObservation(c.name));
      expect(records(events)).toEqual([]);
      expect(events).toEqual([{ type: 'retract', dedupeKey: c.key, onlyIfPending: true }]);
    });
  }

  it('a send answered by a server error records nothing', () => {
    const observation = fixtureObservation('send');
    expect(run({ ...observation, response: { status: 500, body: null } })).toEqual([]);
  });

  it('no capture holds any text of the recorded message bodies', () => {
    const names = [
      'send',
      'send-2-custom-thread',
      'reply-send',
      'reply-send-2',
      'draft-save',
      'draft-update',
      'reply-draft-save',
      'reply-draft-update',
    ];
    for (const name of names) {
      const observation = fixtureObservation(name);
      const output = JSON.stringify(run(observation));
      for (const bodyText of bodyTexts(JSON.parse(observation.request.body!))) {
        expect(output, `${name} leaks body text ${JSON.stringify(bodyText)}`).not.toContain(bodyText);
      }
    }
  });
});

/**
 * The HTML parts of message bodies (node[8][1][i][1]) and their visible text runs, leaving out
 * runs that also occur in the message's header fields (a quoted "hey2" under subject "Re: hey2",
 * an address in a reply quote): those may legitimately show up as subject or recipient.
 */
function bodyTexts(root: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (!Array.isArray(node)) return;
    if (typeof node[0] === 'string' && node[0].startsWith('msg-a:') && Array.isArray(node[8])) {
      const headerData = JSON.stringify(node.map((field, index) => (index === 8 ? null : field)));
      const parts = Array.isArray(node[8][1]) ? node[8][1] : [];
      for (const part of parts) {
        if (!Array.isArray(part) || typeof part[1] !== 'string') continue;
        out.push(part[1]);
        for (const run of part[1].split(/<[^>]*>/)) {
          const visible = run.trim();
          if (visible.length >= 2 && !headerData.includes(visible)) out.push(visible);
        }
      }
    }
    node.forEach(visit);
  };
  visit(root);
  expect(out.length).toBeGreaterThan(0);
  return out;
}

const me = { address: 'Rep@Example.com', name: 'Rep One' };
const prospect = { address: 'buyer@acme.test', name: 'Buyer' };
const THREAD = 'thread-a:r1234567890';

function send(id: string, extra: Partial<GmailMessage> = {}): GmailMessage {
  return {
    id,
    from: me,
    to: [prospect],
    subject: 'Quick question',
    body: 'SECRET-BODY-TEXT do not store',
    timestamp: 1_700_000_000_000,
    labels: [...LABELS.send],
    ...extra,
  };
}

describe('gmail detector on built traffic', () => {
  it('records a send with cc and bcc roles, lower-cased account and no body', () => {
    const message = send('msg-a:r111', {
      cc: [{ address: 'Manager@Example.com', name: 'Manager' }],
      bcc: [{ address: 'crm@example.com' }],
    });
    const events = run(gmailObservation(syncRequest([{ threadId: THREAD, message }])));
    const [capture] = records(events);
    expect(events).toHaveLength(1);
    expect(capture?.account).toBe('rep@example.com');
    expect(capture?.dedupeKey).toBe('gmail:rep@example.com:msg-a:r111');
    expect(capture?.recipients).toEqual([
      { address: 'buyer@acme.test', name: 'Buyer', role: 'to' },
      { address: 'manager@example.com', name: 'Manager', role: 'cc' },
      { address: 'crm@example.com', role: 'bcc' },
    ]);
    expect(JSON.stringify(events)).not.toContain('SECRET-BODY-TEXT');
  });

  it('drops recipients that are not email addresses', () => {
    const message = send('msg-a:r112', { to: [{ address: 'not an address' }, prospect] });
    const [capture] = records(run(gmailObservation(syncRequest([{ threadId: THREAD, message }]))));
    expect(capture?.recipients).toEqual([{ address: 'buyer@acme.test', name: 'Buyer', role: 'to' }]);
  });

  it('records each message of a batched request once, and retracts the drafts in it', () => {
    const body = syncRequest([
      { threadId: 'thread-a:r1', message: send('msg-a:r201', { to: [{ address: 'a@acme.test' }] }) },
      { threadId: 'thread-a:r2', message: send('msg-a:r202', { to: [{ address: 'b@acme.test' }] }) },
      { threadId: 'thread-a:r3', message: send('msg-a:r203', { labels: [...LABELS.draft] }) },
    ]);
    const events = run(gmailObservation(body));
    expect(records(events).map((c) => [c.dedupeKey, c.recipients[0]?.address, c.detection.ids?.threadId])).toEqual([
      ['gmail:rep@example.com:msg-a:r201', 'a@acme.test', 'thread-a:r1'],
      ['gmail:rep@example.com:msg-a:r202', 'b@acme.test', 'thread-a:r2'],
    ]);
    expect(events.filter((e) => e.type === 'retract')).toEqual([
      { type: 'retract', dedupeKey: 'gmail:rep@example.com:msg-a:r203', onlyIfPending: true },
    ]);
  });

  it('a request holding both a draft save and the send of one id records the send and retracts nothing', () => {
    const body = syncRequest([
      { threadId: THREAD, message: send('msg-a:r301', { labels: [...LABELS.draft] }) },
      { threadId: THREAD, message: send('msg-a:r301') },
    ]);
    const events = run(gmailObservation(body));
    expect(events.map((e) => e.type)).toEqual(['record']);
  });

  it('reads the older keyed-object form', () => {
    const message = send('msg-a:r6431891629648253702', {
      cc: [{ address: 'cc@acme.test' }],
      inReplyTo: '<CAKk5jz1Yre4xcb9@mail.gmail.com>',
    });
    const events = run(gmailObservation(keyedSyncRequest([{ threadId: 'thread-f:1599443370992918423', message }])));
    expect(records(events)).toEqual([
      {
        kind: 'email',
        channel: 'gmail',
        occurredAt: 1_700_000_000_000,
        account: 'rep@example.com',
        recipients: [
          { address: 'buyer@acme.test', name: 'Buyer', role: 'to' },
          { address: 'cc@acme.test', role: 'cc' },
        ],
        subject: 'Quick question',
        subtype: 'reply',
        dedupeKey: 'gmail:rep@example.com:msg-a:r6431891629648253702',
        detection: {
          method: 'page-request',
          source: 'gmail-sync',
          ids: { messageId: 'msg-a:r6431891629648253702', threadId: 'thread-f:1599443370992918423' },
        },
        hold: 'undo-window',
      },
    ]);
  });

  it('keyed-object draft saves retract, keyed label actions do nothing', () => {
    const draft = send('msg-a:r401', { labels: [...LABELS.draft] });
    expect(run(gmailObservation(keyedSyncRequest([{ threadId: THREAD, message: draft }])))).toEqual([
      { type: 'retract', dedupeKey: 'gmail:rep@example.com:msg-a:r401', onlyIfPending: true },
    ]);
    const archive = keyedLabelActionRequest('thread-f:1603171109786600032', [], ['^i'], ['msg-f:1603171109786600032']);
    expect(run(gmailObservation(archive))).toEqual([]);
  });

  it('archive, read, label and delete actions on received mail record nothing', () => {
    const actions = [
      labelActionRequest('thread-f:1743802434391390786', [], ['^i'], ['msg-f:1743802434391390786']),
      labelActionRequest('thread-f:1743802434391390786', [], ['^u'], ['msg-f:1743802434391390786']),
      labelActionRequest('thread-f:1743802434391390786', ['^x_7680127119979202084'], [], ['msg-f:1743802434391390786']),
      labelActionRequest('thread-f:1743802434391390786', ['^k'], ['^i'], ['msg-f:1743802434391390786']),
      // the "mark as replied" update Gmail sends beside a reply names a msg-a id but carries no message
      labelActionRequest('thread-f:1743802434391390786', ['^io_re'], ['^io_fwd'], ['msg-a:r726552832812233575']),
    ];
    for (const action of actions) expect(run(gmailObservation(action))).toEqual([]);
  });

  it('scheduled send: held until due, at the scheduled time when the node has one', () => {
    const due = 1_700_000_000_000 + 3 * 3_600_000;
    const message = send('msg-a:r501', { labels: [...LABELS.scheduled], extra: { 30: due } });
    const [capture] = records(run(gmailObservation(syncRequest([{ threadId: THREAD, message }]))));
    expect(capture).toMatchObject({
      hold: 'until-due',
      occurredAt: due,
      subtype: 'scheduled',
      dedupeKey: 'gmail:rep@example.com:msg-a:r501',
    });
  });

  it('scheduled send without a scheduled time falls back to the timestamp', () => {
    const message = send('msg-a:r502', { labels: [...LABELS.scheduled] });
    const [capture] = records(run(gmailObservation(syncRequest([{ threadId: THREAD, message }]))));
    expect(capture).toMatchObject({ hold: 'until-due', occurredAt: 1_700_000_000_000, subtype: 'scheduled' });
  });

  it('a cancelled scheduled send (the id saved as a draft again) retracts while pending', () => {
    const draft = send('msg-a:r501', { labels: [...LABELS.draft] });
    expect(run(gmailObservation(firstDraftSaveRequest({ threadId: THREAD, message: draft })))).toEqual([
      { type: 'retract', dedupeKey: 'gmail:rep@example.com:msg-a:r501', onlyIfPending: true },
    ]);
  });

  it('works for /sync/u/1/i/s and /sync/i/s, and the account is the sender, not the URL index', () => {
    const body = syncRequest([{ threadId: THREAD, message: send('msg-a:r601', { from: { address: 'second@example.org' } }) }]);
    for (const account of [1, null]) {
      const [capture] = records(run(gmailObservation(body, { account })));
      expect(capture?.dedupeKey).toBe('gmail:second@example.org:msg-a:r601');
    }
  });

  it('enriches ids from the response: RFC Message-ID of the sent message only', () => {
    const message = send('msg-a:r701');
    const older = send('msg-a:r700', { labels: [...LABELS.sent], rfcMessageId: '<older@mail.gmail.com>' });
    const response = syncResponse([
      { threadId: THREAD, messages: [older, { ...message, labels: [...LABELS.sent], rfcMessageId: '<new-701@mail.gmail.com>' }] },
    ]);
    const events = run(gmailObservation(syncRequest([{ threadId: THREAD, message }]), { response }));
    expect(events).toHaveLength(1);
    expect(records(events)[0]?.detection.ids).toEqual({
      messageId: 'msg-a:r701',
      threadId: THREAD,
      rfcMessageId: '<new-701@mail.gmail.com>',
    });
  });

  it('tolerates an anti-XSSI prefix on the response', () => {
    const message = send('msg-a:r702');
    const response = `)]}'\n${JSON.stringify(syncResponse([{ threadId: THREAD, messages: [{ ...message, rfcMessageId: '<x702@mail.gmail.com>' }] }]))}`;
    const [capture] = records(run(gmailObservation(syncRequest([{ threadId: THREAD, message }]), { response })));
    expect(capture?.detection.ids?.rfcMessageId).toBe('<x702@mail.gmail.com>');
  });

  it('records nothing for failed responses, other methods, other paths or unreadable bodies', () => {
    const body = syncRequest([{ threadId: THREAD, message: send('msg-a:r801') }]);
    expect(run(gmailObservation(body, { status: 500 }))).toEqual([]);
    expect(run(gmailObservation(body, { status: 0 }))).toEqual([]);
    const ok = gmailObservation(body);
    expect(run({ ...ok, request: { ...ok.request, method: 'GET' } })).toEqual([]);
    expect(run({ ...ok, request: { ...ok.request, url: 'https://mail.google.com/sync/u/0/i/fd?rt=r' } })).toEqual([]);
    expect(run({ ...ok, request: { ...ok.request, body: 'not json [' } })).toEqual([]);
    expect(run({ ...ok, request: { ...ok.request, body: null } })).toEqual([]);
    expect(
      run({
        ...ok,
        request: { ...ok.request, body: JSON.stringify([['msg-a:r1', 5, null, null, null, null, null, null, null, null, '^pfg']]) },
      }),
    ).toEqual([]);
  });

  it('survives deeply nested input', () => {
    const depth = 5_000;
    const deep = '['.repeat(depth) + JSON.stringify(syncRequest([{ threadId: THREAD, message: send('msg-a:r900') }])) + ']'.repeat(depth);
    expect(run(gmailObservation(deep))).toEqual([]);
  });

  it('watches only POST /sync/(u/N/)i/s on mail.google.com', () => {
    expect(gmailDetector.watches('POST', new URL('https://mail.google.com/sync/u/3/i/s?rt=r&pt=ji'))).toBe(true);
    expect(gmailDetector.watches('post', new URL('https://mail.google.com/sync/i/s'))).toBe(true);
    expect(gmailDetector.watches('GET', new URL('https://mail.google.com/sync/u/0/i/s'))).toBe(false);
    expect(gmailDetector.watches('POST', new URL('https://mail.google.com/sync/u/0/i/bv'))).toBe(false);
    expect(gmailDetector.watches('POST', new URL('https://evil.example/sync/u/0/i/s'))).toBe(false);
  });
});

describe('gmail page hook', () => {
  it('the relay runs the undo-click hook on mail.google.com and on no other watched host', () => {
    expect(pageHooksFor('mail.google.com')).toEqual([gmailPageHook]);
    for (const host of ['www.linkedin.com', 'outlook.office.com', 'mail.yahoo.com', 'evil.example']) expect(pageHooksFor(host)).toEqual([]);
  });
});
