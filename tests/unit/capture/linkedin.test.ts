import { describe, expect, it } from 'vitest';
import type { Recipient } from '../../../lib/activity';
import { DETECTORS } from '../../../lib/capture';
import { detectLinkedIn, linkedinDetector } from '../../../lib/capture/linkedin/detect';
import { type Capture, type DetectContext, DetectorEvent, type Observation } from '../../../lib/capture/types';
import {
  ACTIVITY_URN,
  comment,
  connectionRequest,
  conversationEventReply,
  conversationList,
  conversationUrn,
  createMessage,
  deliveryAcknowledgement,
  failed,
  LEGACY_EVENT_URN,
  LEGACY_THREAD,
  legacyCreateConversation,
  linkedinObservation,
  ME_URN,
  markAllMessagesAsSeen,
  messageThread,
  messageUrn,
  normalisedConversationList,
  profileUrn,
  reaction,
  reactionCollectionPost,
  readReceipt,
  recallMessage,
  SELF,
  STARTED_AT,
  salesNavigatorConnect,
  salesNavigatorMessage,
  salesProfileUrn,
  serverDrivenConnect,
  typingIndicator,
} from '../../builders/linkedin';

const THREAD = '2-ZDFjZGNmYzUtOWI0My00NThjLWE3YTItMTE1N2U4YjgzYThkXzAxMw==';
const GROUP_THREAD = '2-Z3JvdXAtdGhyZWFkLWZvci1hY21lLWJ1eWluZy1jb21taXR0ZWU=';
const DANA = 'ACoAACQ4OnYBUb2skzde0qnH0tK06L3CXQRGBvY';
const LEE = 'ACoAAAGBzkcBiJaW_s9coH6XvtjTaNhC9A7YZ_Q';
const SAM = 'ACoAAB2vD9IBUzLExY-Q_ODfww8Wnsy_lP62DQk';
const MESSAGE_ID = '2-MTc0MTk0NDYwMDAwMGIxMjM0NS0wMDQmNjM3ZDBl';
const TODAY = '2025-03-14';

/** Participants the background has learned, by conversation URN. */
function contextWith(known: Record<string, Recipient[]> = {}): DetectContext {
  return { participantsOf: (conversationId) => known[conversationId] };
}

function detect(observation: Observation, context: DetectContext = contextWith()): DetectorEvent[] {
  return linkedinDetector.detect(observation, context);
}

/** The single capture an observation yields (fails otherwise). */
function onlyCapture(observation: Observation, context?: DetectContext): Capture {
  const records = detect(observation, context).filter((event) => event.type === 'record');
  expect(records).toHaveLength(1);
  return (records[0] as Extract<DetectorEvent, { type: 'record' }>).capture;
}

describe('linkedin detector registration and watch rules', () => {
  it('is registered', () => {
    expect(DETECTORS).toContain(linkedinDetector);
    expect(linkedinDetector.id).toBe('linkedin');
  });

  const watched = (observation: Observation) => linkedinDetector.watches(observation.request.method, new URL(observation.request.url));

  it('watches every request it can count or learn from', () => {
    for (const observation of [
      createMessage({ text: 'x', thread: THREAD }),
      recallMessage(messageUrn(MESSAGE_ID)),
      legacyCreateConversation({ text: 'x', recipients: [DANA] }),
      conversationList([]),
      normalisedConversationList([]),
      messageThread(THREAD, SELF),
      connectionRequest({ invitee: DANA }),
      connectionRequest({ invitee: DANA, v1: true }),
      serverDrivenConnect({ memberId: '1', profileId: DANA, vanityName: 'd', firstName: 'D', lastName: 'B' }),
      salesNavigatorMessage({ body: 'x', recipients: ['ACwAAB2dJ9k'] }),
      salesNavigatorConnect({ member: 'ACwAAB2dJ9k' }),
      reaction({ reactionType: 'LIKE' }),
      reaction({}),
      comment({ text: 'x' }),
    ]) {
      expect(watched(observation), observation.request.url).toBe(true);
    }
  });

  it('does not watch typing, acknowledgements, badges, read receipts, other hosts or other query families', () => {
    for (const observation of [
      typingIndicator(THREAD),
      deliveryAcknowledgement(messageUrn(MESSAGE_ID)),
      markAllMessagesAsSeen(),
      readReceipt(THREAD),
    ]) {
      expect(watched(observation), observation.request.url).toBe(false);
    }
    const url = (s: string) => new URL(s);
    expect(
      linkedinDetector.watches(
        'GET',
        url('https://www.linkedin.com/voyager/api/voyagerMessagingDashMessengerMessages?action=createMessage'),
      ),
    ).toBe(false);
    expect(
      linkedinDetector.watches(
        'POST',
        url('https://mail.google.com/voyager/api/voyagerMessagingDashMessengerMessages?action=createMessage'),
      ),
    ).toBe(false);
    expect(
      linkedinDetector.watches(
        'POST',
        url('https://www.linkedin.com/voyager/api/graphql?action=execute&queryId=voyagerContentcreationDashShares.80089eb2'),
      ),
    ).toBe(false);
    expect(
      linkedinDetector.watches(
        'GET',
        url('https://www.linkedin.com/voyager/api/voyagerMessagingGraphQL/graphql?queryId=messengerMailboxCounts.fc528a5a'),
      ),
    ).toBe(false);
    expect(
      linkedinDetector.watches(
        'POST',
        url(
          'https://www.linkedin.com/flagship-web/rsc-action/actions/server-request?sduiid=com.linkedin.sdui.mynetwork.RemoveConnectionVanityName',
        ),
      ),
    ).toBe(false);
  });

  it('matches the server-driven connect on any spelling of AddConnection', () => {
    const url = new URL(
      'https://www.linkedin.com/flagship-web/rsc-action/actions/server-request?sduiid=com.linkedin.sdui.requests.profile.addconnectionV2',
    );
    expect(linkedinDetector.watches('POST', url)).toBe(true);
  });
});

describe('messages (voyagerMessagingDashMessengerMessages?action=createMessage)', () => {
  it('records a reply with the participants learned for its conversation', () => {
    const context = contextWith({ [conversationUrn(THREAD)]: [{ profileId: profileUrn(DANA), name: 'Dana Buyer' }] });
    const capture = onlyCapture(createMessage({ text: 'Following up on pricing', thread: THREAD, messageId: MESSAGE_ID }), context);
    expect(capture).toEqual({
      kind: 'linkedin_message',
      channel: 'linkedin',
      occurredAt: STARTED_AT,
      account: ME_URN,
      recipients: [{ profileId: profileUrn(DANA), name: 'Dana Buyer' }],
      dedupeKey: `linkedin:message:${messageUrn(MESSAGE_ID)}`,
      detection: {
        method: 'page-request',
        source: 'voyager-createMessage',
        ids: {
          conversationUrn: conversationUrn(THREAD),
          messageUrn: messageUrn(MESSAGE_ID),
          originToken: '8c0f3c2e-6c7d-4f0b-9f59-2d1c3b6a4e11',
        },
      },
    });
  });

  it('records a reply in an unknown conversation with no recipients', () => {
    const capture = onlyCapture(createMessage({ text: 'Hi', thread: THREAD, messageId: MESSAGE_ID }));
    expect(capture.recipients).toEqual([]);
    expect(capture.dedupeKey).toBe(`linkedin:message:${messageUrn(MESSAGE_ID)}`);
  });

  it('leaves the user out of learned participants', () => {
    const context = contextWith({ [conversationUrn(THREAD)]: [{ profileId: ME_URN }, { profileId: profileUrn(DANA) }] });
    expect(onlyCapture(createMessage({ text: 'Hi', thread: THREAD }), context).recipients).toEqual([{ profileId: profileUrn(DANA) }]);
  });

  it('records a first message to the hostRecipientUrns and learns its new conversation', () => {
    const events = detect(createMessage({ text: 'Hello Dana', hostRecipients: [DANA], responseThread: THREAD, messageId: MESSAGE_ID }));
    expect(events).toHaveLength(2);
    const [first, second] = events;
    expect(first?.type === 'record' && first.capture).toMatchObject({
      kind: 'linkedin_message',
      recipients: [{ profileId: profileUrn(DANA) }],
      account: ME_URN,
      dedupeKey: `linkedin:message:${messageUrn(MESSAGE_ID)}`,
    });
    expect(second).toEqual({
      type: 'participants',
      conversationId: conversationUrn(THREAD),
      participants: [{ profileId: profileUrn(DANA) }],
    });
  });

  it('records one activity for a group conversation, to every other participant', () => {
    const group = [
      { profileId: profileUrn(DANA), name: 'Dana Buyer' },
      { profileId: profileUrn(LEE), name: 'Lee Finance' },
      { profileId: profileUrn(SAM), name: 'Sam Legal' },
    ];
    const context = contextWith({ [conversationUrn(GROUP_THREAD)]: group });
    const events = detect(createMessage({ text: 'Agenda attached', thread: GROUP_THREAD }), context);
    expect(events).toHaveLength(1);
    expect(events[0]?.type === 'record' && events[0].capture.recipients).toEqual(group);
  });

  it('records one activity for a new group conversation', () => {
    const capture = onlyCapture(createMessage({ text: 'Intro', hostRecipients: [DANA, LEE] }));
    expect(capture.recipients).toEqual([{ profileId: profileUrn(DANA) }, { profileId: profileUrn(LEE) }]);
  });

  it.each(['value', 'data', 'normalised'] as const)('reads the message URN from a %s response', (form) => {
    const capture = onlyCapture(createMessage({ text: 'Hi', thread: THREAD, messageId: MESSAGE_ID, response: form }));
    expect(capture.dedupeKey).toBe(`linkedin:message:${messageUrn(MESSAGE_ID)}`);
  });

  it('learns the new conversation from a normalised response (*conversation)', () => {
    const events = detect(createMessage({ text: 'Hi', hostRecipients: [LEE], responseThread: THREAD, response: 'normalised' }));
    expect(events[1]).toEqual({
      type: 'participants',
      conversationId: conversationUrn(THREAD),
      participants: [{ profileId: profileUrn(LEE) }],
    });
  });

  it('falls back to the originToken when the response was not read', () => {
    const capture = onlyCapture(
      createMessage({ text: 'Hi', thread: THREAD, originToken: 'b1d1f1e0-0000-4000-8000-00000000abcd', response: 'none' }),
    );
    expect(capture.dedupeKey).toBe('linkedin:message:origin:b1d1f1e0-0000-4000-8000-00000000abcd');
    expect(capture.account).toBe(ME_URN);
  });

  it('takes the account from the conversation URN when the mailbox is missing', () => {
    const observation = createMessage({ text: 'Hi', thread: THREAD });
    const body = JSON.parse(observation.request.body as string) as Record<string, unknown>;
    delete body.mailboxUrn;
    const capture = onlyCapture({ ...observation, request: { ...observation.request, body: JSON.stringify(body) } });
    expect(capture.account).toBe(ME_URN);
  });

  it('records an InMail (a subject) with its subject', () => {
    const capture = onlyCapture(createMessage({ text: 'Quick question', subject: 'Your Q3 rollout', hostRecipients: [SAM] }));
    expect(capture.kind).toBe('inmail');
    expect(capture.channel).toBe('linkedin');
    expect(capture.subject).toBe('Your Q3 rollout');
    expect(capture.recipients).toEqual([{ profileId: profileUrn(SAM) }]);
  });

  it('records an InMail when the response marks it so', () => {
    const capture = onlyCapture(createMessage({ text: 'Hi', hostRecipients: [SAM], responseExtra: { messageType: 'INMAIL' } }));
    expect(capture.kind).toBe('inmail');
    expect(capture.subject).toBeUndefined();
  });

  it('treats an empty subject as a regular message', () => {
    expect(onlyCapture(createMessage({ text: 'Hi', thread: THREAD, subject: '' })).kind).toBe('linkedin_message');
  });

  it('records the older conversations?action=create with profile URNs', () => {
    const capture = onlyCapture(legacyCreateConversation({ text: 'Hello', recipients: [DANA, LEE] }));
    expect(capture).toMatchObject({
      kind: 'linkedin_message',
      channel: 'linkedin',
      account: 'linkedin',
      recipients: [{ profileId: profileUrn(DANA) }, { profileId: profileUrn(LEE) }],
      dedupeKey: 'linkedin:message:urn:li:messagingMessage:5-MTc0MTk0NDYwMDM4MA==',
    });
    expect(capture.detection.source).toBe('voyager-legacy-createConversation');
  });

  it('reads the older form InMail subtype', () => {
    expect(onlyCapture(legacyCreateConversation({ text: 'Hello', recipients: [SAM], subtype: 'INMAIL' })).kind).toBe('inmail');
  });

  it('retracts a recalled message', () => {
    expect(detect(recallMessage(messageUrn(MESSAGE_ID)))).toEqual([
      { type: 'retract', dedupeKey: `linkedin:message:${messageUrn(MESSAGE_ID)}` },
    ]);
  });

  it('retracts a recalled message named in the path', () => {
    const observation = linkedinObservation(
      'POST',
      `/voyager/api/voyagerMessagingDashMessengerMessages/${encodeURIComponent(messageUrn(MESSAGE_ID))}?action=recall`,
      {},
      { value: null },
    );
    expect(detect(observation)).toEqual([{ type: 'retract', dedupeKey: `linkedin:message:${messageUrn(MESSAGE_ID)}` }]);
  });

  it('does not retract on a failed recall', () => {
    expect(detect(failed(recallMessage(messageUrn(MESSAGE_ID)), 400))).toEqual([]);
  });
});

describe('not sends', () => {
  it.each([
    ['typing indicator', typingIndicator(THREAD)],
    ['delivery acknowledgement', deliveryAcknowledgement(messageUrn(MESSAGE_ID))],
    ['markAllMessagesAsSeen', markAllMessagesAsSeen()],
    ['read receipt', readReceipt(THREAD)],
  ])('ignores a %s', (_label, observation) => {
    expect(detect(observation)).toEqual([]);
  });

  it.each([
    ['400 CANT_RESEND_YET message', failed(createMessage({ text: 'Hi', thread: THREAD }), 400)],
    ['429 message', failed(createMessage({ text: 'Hi', thread: THREAD }), 429, 'TOO_MANY_REQUESTS')],
    ['400 CANT_RESEND_YET invitation', failed(connectionRequest({ invitee: DANA, note: 'Hi' }), 400)],
    ['429 invitation', failed(connectionRequest({ invitee: DANA }), 429)],
    [
      '500 server-driven connect',
      failed(serverDrivenConnect({ memberId: '1', profileId: DANA, vanityName: 'd', firstName: 'D', lastName: 'B' }), 500),
    ],
    ['403 Sales Navigator message', failed(salesNavigatorMessage({ body: 'x', recipients: ['ACwAAB2dJ9k'], subject: 'S' }), 403)],
    ['422 Sales Navigator connect', failed(salesNavigatorConnect({ member: 'ACwAAB2dJ9k' }), 422)],
    ['429 reaction', failed(reaction({ reactionType: 'LIKE' }), 429)],
    ['400 comment', failed(comment({ text: 'Nice' }), 400)],
    ['failed request (status 0)', failed(createMessage({ text: 'Hi', thread: THREAD }), 0)],
  ])('records nothing for a %s', (_label, observation) => {
    expect(detect(observation)).toEqual([]);
  });

  it('records nothing from odd input', () => {
    const odd: Observation[] = [
      { ...createMessage({ text: 'x', thread: THREAD }), request: { ...createMessage({ text: 'x' }).request, body: 'not json' } },
      { ...createMessage({ text: 'x', thread: THREAD }), request: { ...createMessage({ text: 'x' }).request, body: '[1,2]' } },
      { ...createMessage({ text: 'x', thread: THREAD }), request: { ...createMessage({ text: 'x' }).request, body: null } },
      { ...connectionRequest({ invitee: DANA }), request: { ...connectionRequest({ invitee: DANA }).request, body: '{"invitee":7}' } },
      { ...conversationList([]), response: { status: 200, body: '{"data":' } },
      { ...conversationList([]), response: { status: 200, body: 'null' } },
      { ...reaction({ reactionType: 'LIKE' }), request: { ...reaction({}).request, body: '{"variables":null}' } },
      { ...createMessage({ text: 'x' }), request: { ...createMessage({ text: 'x' }).request, url: '::::' } },
    ];
    for (const observation of odd) expect(detect(observation)).toEqual([]);
  });
});

describe('learning conversation participants', () => {
  const dana = { id: DANA, firstName: 'Dana', lastName: 'Buyer' };
  const lee = { id: LEE, firstName: 'Lee', lastName: 'Finance' };
  const sam = { id: SAM, firstName: 'Sam', lastName: 'Legal' };

  it('learns each conversation of a list, without the user', () => {
    const events = detect(
      conversationList([
        { thread: THREAD, people: [dana, SELF] },
        { thread: GROUP_THREAD, people: [SELF, dana, lee, sam] },
      ]),
    );
    expect(events).toEqual([
      {
        type: 'participants',
        conversationId: conversationUrn(THREAD),
        participants: [{ profileId: profileUrn(DANA), name: 'Dana Buyer' }],
      },
      {
        type: 'participants',
        conversationId: conversationUrn(GROUP_THREAD),
        participants: [
          { profileId: profileUrn(DANA), name: 'Dana Buyer' },
          { profileId: profileUrn(LEE), name: 'Lee Finance' },
          { profileId: profileUrn(SAM), name: 'Sam Legal' },
        ],
      },
    ]);
  });

  it('leaves out the mailbox owner even when not marked SELF', () => {
    const events = detect(conversationList([{ thread: THREAD, people: [{ ...SELF, distance: 'DISTANCE_1' }, lee] }]));
    expect(events).toEqual([
      {
        type: 'participants',
        conversationId: conversationUrn(THREAD),
        participants: [{ profileId: profileUrn(LEE), name: 'Lee Finance' }],
      },
    ]);
  });

  it('leaves out a participant marked SELF even under another profile id', () => {
    const otherSelf = { id: 'ACoAAOtherSelfId000000000000000000000000', firstName: 'R', lastName: 'R', distance: 'SELF' };
    const events = detect(conversationList([{ thread: THREAD, people: [otherSelf, sam] }]));
    expect(events).toEqual([
      { type: 'participants', conversationId: conversationUrn(THREAD), participants: [{ profileId: profileUrn(SAM), name: 'Sam Legal' }] },
    ]);
  });

  it('resolves a normalised list (*conversationParticipants into included)', () => {
    const events = detect(
      normalisedConversationList([
        { thread: THREAD, people: [dana, SELF] },
        { thread: GROUP_THREAD, people: [SELF, dana, sam] },
      ]),
    );
    expect(events).toEqual([
      {
        type: 'participants',
        conversationId: conversationUrn(THREAD),
        participants: [{ profileId: profileUrn(DANA), name: 'Dana Buyer' }],
      },
      {
        type: 'participants',
        conversationId: conversationUrn(GROUP_THREAD),
        participants: [
          { profileId: profileUrn(DANA), name: 'Dana Buyer' },
          { profileId: profileUrn(SAM), name: 'Sam Legal' },
        ],
      },
    ]);
  });

  it('keeps a participant whose entity is missing from included, by URN', () => {
    const observation = normalisedConversationList([{ thread: THREAD, people: [dana, SELF] }]);
    const body = JSON.parse(observation.response.body as string) as { included: { entityUrn: string }[] };
    body.included = body.included.filter((item) => !item.entityUrn.endsWith(DANA));
    const events = detect({ ...observation, response: { status: 200, body: JSON.stringify(body) } });
    expect(events).toEqual([
      { type: 'participants', conversationId: conversationUrn(THREAD), participants: [{ profileId: profileUrn(DANA) }] },
    ]);
  });

  it('learns nothing from a thread whose conversation is only a reference', () => {
    expect(detect(messageThread(THREAD, dana))).toEqual([]);
  });

  it('learns nothing from a failed list', () => {
    expect(detect(failed(conversationList([{ thread: THREAD, people: [dana, SELF] }]), 429))).toEqual([]);
  });

  it('feeds a later reply: list, then reply, records to the listed participant', () => {
    const learned: Record<string, Recipient[]> = {};
    for (const event of detect(conversationList([{ thread: THREAD, people: [dana, SELF] }]))) {
      if (event.type === 'participants') learned[event.conversationId] = event.participants;
    }
    const capture = onlyCapture(createMessage({ text: 'Thanks', thread: THREAD }), contextWith(learned));
    expect(capture.recipients).toEqual([{ profileId: profileUrn(DANA), name: 'Dana Buyer' }]);
  });
});

describe('connection requests', () => {
  it('records an invitation with a note, deduped by its invitation URN', () => {
    const capture = onlyCapture(
      connectionRequest({
        invitee: DANA,
        note: 'Met you at SaaStr',
        invitationId: '7233657330934931457',
        inviteeName: { firstName: 'Dana', lastName: 'Buyer' },
      }),
    );
    expect(capture).toEqual({
      kind: 'linkedin_invite',
      channel: 'linkedin',
      occurredAt: STARTED_AT,
      account: 'linkedin',
      recipients: [{ profileId: profileUrn(DANA), name: 'Dana Buyer' }],
      subtype: 'with_note',
      dedupeKey: 'linkedin:invite:urn:li:fsd_invitation:7233657330934931457',
      detection: {
        method: 'page-request',
        source: 'voyager-verifyQuotaAndCreate',
        ids: { invitationUrn: 'urn:li:fsd_invitation:7233657330934931457', invitee: profileUrn(DANA) },
      },
    });
  });

  it('records an invitation without a note (older action, plain value response)', () => {
    const capture = onlyCapture(connectionRequest({ invitee: LEE, v1: true, response: 'value', invitationId: '7233657330934939999' }));
    expect(capture.subtype).toBe('no_note');
    expect(capture.recipients).toEqual([{ profileId: profileUrn(LEE) }]);
    expect(capture.dedupeKey).toBe('linkedin:invite:urn:li:fsd_invitation:7233657330934939999');
  });

  it('treats an empty customMessage as no note', () => {
    expect(onlyCapture(connectionRequest({ invitee: LEE, note: '' })).subtype).toBe('no_note');
  });

  it('falls back to invitee and UTC day without a response', () => {
    const capture = onlyCapture(connectionRequest({ invitee: DANA, response: 'none' }));
    expect(capture.dedupeKey).toBe(`linkedin:invite:${profileUrn(DANA)}:${TODAY}`);
  });

  it('records a server-driven connect from its request; the stream response is not JSON', () => {
    const capture = onlyCapture(
      serverDrivenConnect({ memberId: '493105629', profileId: DANA, vanityName: 'dana-buyer', firstName: 'Dana', lastName: 'Buyer' }),
    );
    expect(capture).toEqual({
      kind: 'linkedin_invite',
      channel: 'linkedin',
      occurredAt: STARTED_AT,
      account: 'linkedin',
      recipients: [{ profileId: profileUrn(DANA), name: 'Dana Buyer' }],
      subtype: 'no_note',
      dedupeKey: `linkedin:invite:${profileUrn(DANA)}:${TODAY}`,
      detection: {
        method: 'page-request',
        source: 'sdui-addConnection',
        ids: { invitee: profileUrn(DANA), memberId: '493105629', profileUrl: 'https://www.linkedin.com/in/dana-buyer' },
      },
    });
  });

  it('dedupes a server-driven and a Voyager request for the same person on the same day', () => {
    const a = onlyCapture(serverDrivenConnect({ memberId: '1', profileId: DANA, vanityName: 'd', firstName: 'D', lastName: 'B' }));
    const b = onlyCapture(connectionRequest({ invitee: DANA, response: 'none' }));
    expect(a.dedupeKey).toBe(b.dedupeKey);
  });

  it('records a server-driven connect with a note and any AddConnection spelling', () => {
    const capture = onlyCapture(
      serverDrivenConnect({
        memberId: '493105629',
        profileId: DANA,
        vanityName: 'dana-buyer',
        firstName: 'Dana',
        lastName: 'Buyer',
        note: 'Loved your talk',
        sduiid: 'com.linkedin.sdui.requests.profile.AddConnectionWithNote',
      }),
    );
    expect(capture.subtype).toBe('with_note');
  });

  it('falls back to the member id when the profile id is missing', () => {
    const observation = serverDrivenConnect({ memberId: '493105629', profileId: '', vanityName: 'd', firstName: 'D', lastName: 'B' });
    expect(onlyCapture(observation).recipients).toEqual([{ profileId: 'urn:li:member:493105629', name: 'D B' }]);
  });
});

describe('Sales Navigator', () => {
  const LEAD = 'ACwAAB2dJ9kBxQ7yQ';

  it('records an InMail (no thread, a subject)', () => {
    const capture = onlyCapture(
      salesNavigatorMessage({
        body: 'Saw your post on procurement',
        subject: 'Procurement at Acme',
        recipients: [LEAD],
        messageId: '2-c24tbXNn',
      }),
    );
    expect(capture).toEqual({
      kind: 'inmail',
      channel: 'sales_navigator',
      occurredAt: STARTED_AT,
      account: 'linkedin',
      recipients: [{ profileId: salesProfileUrn(LEAD) }],
      subject: 'Procurement at Acme',
      dedupeKey: 'linkedin:salesnav-message:2-c24tbXNn',
      detection: {
        method: 'page-request',
        source: 'salesnav-createMessage',
        ids: { threadId: '2-OWJiZTQ2ZTAtYzQ1Ny00MWYxLWE5NWEtN2I1M2M0ZDk5ZTRkXzEwMA==', messageId: '2-c24tbXNn' },
      },
    });
  });

  it('records a message in an existing thread as a LinkedIn message', () => {
    const capture = onlyCapture(
      salesNavigatorMessage({
        body: 'Following up',
        subject: 'Re: Procurement',
        threadId: '2-dGhyZWFk',
        response: 'value',
        messageId: '2-bXNnMg==',
      }),
    );
    expect(capture.kind).toBe('linkedin_message');
    expect(capture.channel).toBe('sales_navigator');
    expect(capture.recipients).toEqual([]);
    expect(capture.dedupeKey).toBe('linkedin:salesnav-message:2-bXNnMg==');
  });

  it('records a message without subject as a LinkedIn message', () => {
    expect(onlyCapture(salesNavigatorMessage({ body: 'Thanks for connecting', recipients: [LEAD] })).kind).toBe('linkedin_message');
  });

  it('records an InMail when the response marks it so, even in a thread', () => {
    const capture = onlyCapture(salesNavigatorMessage({ body: 'x', threadId: '2-dGhyZWFk', responseExtra: { type: 'INMAIL' } }));
    expect(capture.kind).toBe('inmail');
  });

  it('falls back to thread and start time without a response', () => {
    const capture = onlyCapture(salesNavigatorMessage({ body: 'x', recipients: [LEAD], response: 'none' }));
    expect(capture.dedupeKey).toBe(`linkedin:salesnav-message:${salesProfileUrn(LEAD)}:${STARTED_AT}`);
  });

  it('records a connection request with and without a note', () => {
    const withNote = onlyCapture(salesNavigatorConnect({ member: LEAD, message: 'Would love to connect' }));
    expect(withNote).toMatchObject({
      kind: 'linkedin_invite',
      channel: 'sales_navigator',
      recipients: [{ profileId: LEAD }],
      subtype: 'with_note',
      dedupeKey: `linkedin:invite:${LEAD}:${TODAY}`,
    });
    expect(onlyCapture(salesNavigatorConnect({ member: LEAD })).subtype).toBe('no_note');
    expect(onlyCapture(salesNavigatorConnect({ member: LEAD, message: '' })).subtype).toBe('no_note');
  });
});

describe('social touches', () => {
  it('records a reaction keyed by its thread', () => {
    const capture = onlyCapture(reaction({ reactionType: 'LIKE' }));
    expect(capture).toEqual({
      kind: 'social_touch',
      channel: 'linkedin',
      occurredAt: STARTED_AT,
      account: 'linkedin',
      recipients: [],
      subtype: 'reaction',
      dedupeKey: `linkedin:reaction:${ACTIVITY_URN}`,
      detection: { method: 'page-request', source: 'voyager-reaction', ids: { threadUrn: ACTIVITY_URN, reactionType: 'LIKE' } },
    });
  });

  it('keeps one key when the reaction type changes', () => {
    expect(onlyCapture(reaction({ reactionType: 'PRAISE' })).dedupeKey).toBe(onlyCapture(reaction({ reactionType: 'LIKE' })).dedupeKey);
  });

  it('retracts a removed reaction', () => {
    expect(detect(reaction({}))).toEqual([{ type: 'retract', dedupeKey: `linkedin:reaction:${ACTIVITY_URN}` }]);
  });

  it('records nothing when GraphQL answers 200 with errors', () => {
    expect(detect(reaction({ reactionType: 'LIKE', responseBody: { errors: [{ message: 'Invalid input' }] } }))).toEqual([]);
  });

  it('ignores other mutations on the same endpoint', () => {
    const post = linkedinObservation(
      'POST',
      '/voyager/api/graphql?action=execute&queryId=voyagerContentcreationDashShares.80089eb2e82a2dfa23cb621fb09eb7bf',
      { variables: { post: { commentary: { text: 'x' } } }, queryId: 'voyagerContentcreationDashShares.80089eb2e82a2dfa23cb621fb09eb7bf' },
      { data: {} },
    );
    expect(detect(post)).toEqual([]);
  });

  it('records a comment keyed by the comment URN', () => {
    const capture = onlyCapture(comment({ text: 'Great point on TCO', commentId: '7302009988776655443' }));
    const commentUrn = `urn:li:fsd_comment:(7302009988776655443,${ACTIVITY_URN})`;
    expect(capture).toEqual({
      kind: 'social_touch',
      channel: 'linkedin',
      occurredAt: STARTED_AT,
      account: 'linkedin',
      recipients: [],
      subtype: 'comment',
      dedupeKey: `linkedin:comment:${commentUrn}`,
      detection: { method: 'page-request', source: 'voyager-comment', ids: { threadUrn: ACTIVITY_URN, commentUrn } },
    });
  });

  it('falls back to thread and start time for a comment without a response', () => {
    expect(onlyCapture(comment({ text: 'x', response: 'none' })).dedupeKey).toBe(`linkedin:comment:${ACTIVITY_URN}:${STARTED_AT}`);
  });
});

describe('privacy and contract', () => {
  const SECRET = 'SECRET-BODY-7f3a';
  const everyPositive = (): Observation[] => [
    createMessage({ text: `${SECRET} reply`, thread: THREAD }),
    createMessage({ text: `${SECRET} first`, hostRecipients: [DANA], response: 'normalised' }),
    createMessage({ text: `${SECRET} inmail`, hostRecipients: [SAM], subject: 'Subject is allowed' }),
    legacyCreateConversation({ text: `${SECRET} legacy`, recipients: [DANA] }),
    connectionRequest({ invitee: DANA, note: `${SECRET} note` }),
    serverDrivenConnect({ memberId: '1', profileId: DANA, vanityName: 'd', firstName: 'D', lastName: 'B', note: `${SECRET} sdui note` }),
    salesNavigatorMessage({ body: `${SECRET} sales`, recipients: ['ACwAAB2dJ9k'], subject: 'Subject is allowed' }),
    salesNavigatorConnect({ member: 'ACwAAB2dJ9k', message: `${SECRET} sales note` }),
    reaction({ reactionType: 'LIKE' }),
    comment({ text: `${SECRET} comment` }),
  ];

  it('never emits message, note or comment text', () => {
    const context = contextWith({ [conversationUrn(THREAD)]: [{ profileId: profileUrn(DANA) }] });
    for (const observation of everyPositive()) {
      const events = detect(observation, context);
      expect(events.length, observation.request.url).toBeGreaterThan(0);
      expect(JSON.stringify(events)).not.toContain(SECRET);
    }
  });

  // The registered detector drops events the contract refuses, so its output would pass this
  // whatever the readers built: check the readers' own output (detectLinkedIn), before that filter.
  it('builds only events the contract accepts, before any filtering', () => {
    const context = contextWith({ [conversationUrn(THREAD)]: [{ profileId: profileUrn(DANA), name: 'Dana Buyer' }] });
    for (const observation of [
      ...everyPositive(),
      recallMessage(messageUrn(MESSAGE_ID)),
      reaction({}),
      conversationList([{ thread: THREAD, people: [SELF, { id: DANA, firstName: 'D', lastName: 'B' }] }]),
    ]) {
      const events = detectLinkedIn(observation, context);
      expect(events.length, observation.request.url).toBeGreaterThan(0);
      for (const event of events) expect(DetectorEvent.safeParse(event).error?.issues).toBeUndefined();
    }
  });

  it('an event the contract refuses is dropped without losing the others of the request', () => {
    // A conversation URN over the contract's 600 characters: the participants event is refused,
    // the message record (its id cut to 500) is kept.
    const longThread = `2-${'x'.repeat(700)}`;
    const observation = createMessage({ text: 'Hello', hostRecipients: [DANA], responseThread: longThread, messageId: MESSAGE_ID });
    expect(detectLinkedIn(observation, contextWith()).map((event) => event.type)).toEqual(['record', 'participants']);
    expect(detect(observation).map((event) => event.type)).toEqual(['record']);
  });

  it('gives the same key for the same action seen twice', () => {
    const a = onlyCapture(createMessage({ text: 'Hi', thread: THREAD, messageId: MESSAGE_ID }));
    const b = onlyCapture(
      createMessage({ text: 'Hi', thread: THREAD, messageId: MESSAGE_ID, response: 'normalised', startedAt: STARTED_AT + 5 }),
    );
    expect(a.dedupeKey).toBe(`linkedin:message:${messageUrn(MESSAGE_ID)}`);
    expect(b.dedupeKey).toBe(a.dedupeKey);
  });
});

describe('older forms public clients still send (issue 12 item 6)', () => {
  const withThread = (thread: string, participants: Recipient[]): DetectContext => ({
    participantsOf: () => undefined,
    participantsOfThread: (threadId) => (threadId === thread ? { conversationId: conversationUrn(thread), participants } : undefined),
  });

  it('a reply through conversations/<thread>/events?action=create records one message, never its text', () => {
    const events = detect(conversationEventReply());
    expect(JSON.stringify(events)).not.toContain('SECRET');
    const capture = onlyCapture(conversationEventReply());
    expect(capture).toMatchObject({
      kind: 'linkedin_message',
      channel: 'linkedin',
      account: 'linkedin',
      recipients: [],
      dedupeKey: `linkedin:message:${LEGACY_EVENT_URN}`,
      detection: {
        source: 'voyager-legacy-conversationEvent',
        ids: { conversationId: `urn:li:fs_conversation:${LEGACY_THREAD}`, messageId: LEGACY_EVENT_URN },
      },
    });
  });

  it('its people and the user come from the dash conversation listed for that thread (the path is URL-encoded)', () => {
    const dana = { profileId: profileUrn(DANA), name: 'Dana Buyer' };
    const capture = onlyCapture(conversationEventReply(), withThread(LEGACY_THREAD, [dana, { profileId: ME_URN }]));
    expect(capture.recipients).toEqual([dana]);
    expect(capture.account).toBe(ME_URN);
  });

  it('keyed like the older conversation create with the same event, else by origin token', () => {
    const created = onlyCapture(legacyCreateConversation({ text: 'x', recipients: [DANA] }));
    const replied = onlyCapture(conversationEventReply({ responseBody: { value: { backendEventUrn: created.detection.ids?.messageId } } }));
    expect(replied.dedupeKey).toBe(created.dedupeKey);
    const unread = onlyCapture(conversationEventReply({ responseBody: null, originToken: '0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a' }));
    expect(unread.dedupeKey).toBe('linkedin:message:origin:0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a');
  });

  it('an InMail marker on the event makes it an InMail', () => {
    const observation = conversationEventReply();
    const body = JSON.parse(observation.request.body!) as { eventCreate: Record<string, unknown> };
    body.eventCreate.subtype = 'INMAIL';
    expect(onlyCapture({ ...observation, request: { ...observation.request, body: JSON.stringify(body) } }).kind).toBe('inmail');
  });

  it('refused replies, other event actions and reads record nothing', () => {
    expect(detect(conversationEventReply({ status: 400, responseBody: { status: 400, serviceErrorCode: 'CANT_RESEND_YET' } }))).toEqual([]);
    expect(detect(conversationEventReply({ status: 429, responseBody: '' }))).toEqual([]);
    const markAsRead = conversationEventReply();
    expect(
      detect({
        ...markAsRead,
        request: { ...markAsRead.request, url: markAsRead.request.url.replace('action=create', 'action=markAsRead') },
      }),
    ).toEqual([]);
    expect(detect({ ...markAsRead, request: { ...markAsRead.request, method: 'GET' } })).toEqual([]);
  });

  it('a reaction posted to the collection is a reaction touch, keyed like the GraphQL one', () => {
    const collection = onlyCapture(reactionCollectionPost());
    const graphql = onlyCapture(reaction({ reactionType: 'LIKE' }));
    expect(collection).toMatchObject({
      kind: 'social_touch',
      subtype: 'reaction',
      recipients: [],
      dedupeKey: `linkedin:reaction:${ACTIVITY_URN}`,
      detection: { source: 'voyager-reaction-collection', ids: { threadUrn: ACTIVITY_URN, reactionType: 'LIKE' } },
    });
    expect(collection.dedupeKey).toBe(graphql.dedupeKey);
    // …so the GraphQL un-react (no reactionType) retracts it.
    expect(detect(reaction({}))).toEqual([{ type: 'retract', dedupeKey: collection.dedupeKey }]);
  });

  it('a refused reaction, a listing of reactions, or one without a type or thread records nothing', () => {
    expect(detect(reactionCollectionPost({ status: 403, responseBody: { status: 403, message: 'Forbidden' } }))).toEqual([]);
    const post = reactionCollectionPost();
    expect(detect({ ...post, request: { ...post.request, method: 'GET', body: null } })).toEqual([]);
    expect(detect({ ...post, request: { ...post.request, body: '{}' } })).toEqual([]);
    expect(detect({ ...post, request: { ...post.request, url: post.request.url.replace(/threadUrn=[^&]*/, 'threadUrn=urnx') } })).toEqual(
      [],
    );
  });
});
