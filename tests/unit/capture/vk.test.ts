import { describe, expect, it } from 'vitest';
import { detectAll } from '../../../lib/capture/run';
import { type Capture, DetectorEvent, type Observation } from '../../../lib/capture/types';
import { vkDetector } from '../../../lib/capture/vk/detect';
import {
  alCall,
  alImSend,
  alSendBox,
  apiCall,
  CHAT_PEER,
  GROUP_OWNER,
  messagesSend,
  negatives,
  positives,
  STARTED_AT,
  USER_PEER,
} from '../../builders/vk';

const context = { participantsOf: () => undefined };

function run(observation: Observation): DetectorEvent[] {
  const events = vkDetector.detect(observation, context);
  for (const event of events) expect(() => DetectorEvent.parse(event)).not.toThrow();
  // Never the message or comment text, never the access token.
  expect(JSON.stringify(events)).not.toMatch(/SECRET|access_token/);
  return events;
}
const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

describe('vk detector: messages', () => {
  it('records messages.send to a user with the peer id and kind, keyed on the returned message id', () => {
    expect(records(run(messagesSend()))).toEqual([
      {
        kind: 'messenger_message',
        channel: 'vk',
        occurredAt: STARTED_AT,
        account: 'vk',
        recipients: [{ profileId: `vk:${USER_PEER}`, role: 'to' }],
        subtype: 'user',
        dedupeKey: 'vk:vk:msg:771205',
        detection: {
          method: 'page-request',
          source: 'vk-api-messages.send',
          ids: { peerId: USER_PEER, peerKind: 'user', messageId: '771205', randomId: '-482915736' },
        },
      },
    ]);
  });

  it('tells chats, communities and users apart, on api.vk.com and api.vk.me alike', () => {
    expect(records(run(messagesSend({ peer_id: CHAT_PEER }, { host: 'api.vk.me' })))[0]).toMatchObject({
      subtype: 'chat',
      detection: { ids: { peerKind: 'chat' } },
    });
    expect(records(run(messagesSend({ peer_id: '-29534144' })))[0]?.subtype).toBe('group');
    expect(records(run(messagesSend({ chat_id: '42' })))[0]?.recipients).toEqual([{ profileId: `vk:${CHAT_PEER}`, role: 'to' }]);
    expect(records(run(messagesSend({ domain: 'durov' })))[0]?.recipients).toEqual([{ profileId: 'vk:durov', role: 'to' }]);
  });

  it('reads every answer shape; falls back to random_id when the tap kept no answer', () => {
    const list = messagesSend(
      { user_id: USER_PEER },
      { answer: { response: [{ peer_id: Number(USER_PEER), message_id: 771207, conversation_message_id: 88 }] } },
    );
    expect(records(run(list))[0]?.dedupeKey).toBe('vk:vk:msg:771207');
    const cmid = messagesSend({ peer_id: CHAT_PEER }, { answer: { response: { cmid: 91 } } });
    expect(records(run(cmid))[0]?.dedupeKey).toBe(`vk:vk:msg:${CHAT_PEER}_c91`);
    expect(records(run(messagesSend({ peer_id: USER_PEER }, { answer: null })))[0]?.dedupeKey).toBe('vk:vk:msg:r-482915736');
  });

  it('a community inbox (group_id) is its own account', () => {
    expect(records(run(messagesSend({ peer_id: USER_PEER, group_id: '29534144' })))[0]?.account).toBe('vk:club29534144');
  });

  it('records the older al_im.php a_send and the write box’s al_mail.php, one per recipient', () => {
    expect(records(run(alImSend()))[0]).toMatchObject({
      dedupeKey: 'vk:vk:msg:771206',
      subtype: 'user',
      detection: { source: 'vk-al_im-a_send' },
    });
    expect(records(run(alImSend(USER_PEER, {}, [])))[0]?.dedupeKey).toBe('vk:vk:msg:r1746532800123.4242');
    const box = records(run(alCall('al_mail', 'a_send', { to_ids: `${USER_PEER},987654321`, chas: 'x', message: 'SECRET', guid: 'g1' })));
    expect(box.map((c) => c.recipients[0]?.profileId)).toEqual([`vk:${USER_PEER}`, 'vk:987654321']);
    expect(new Set(box.map((c) => c.dedupeKey)).size).toBe(2);
  });

  it("records the older client's write box: al_im.php with act=a_send_box in the body only", () => {
    const observation = alSendBox();
    expect(vkDetector.watches('POST', new URL(observation.request.url))).toBe(true);
    expect(records(run(observation))).toMatchObject([
      {
        kind: 'messenger_message',
        channel: 'vk',
        subtype: 'user',
        recipients: [{ profileId: `vk:${USER_PEER}`, role: 'to' }],
        detection: { source: 'vk-al_im-a_send_box', ids: { peerId: USER_PEER, peerKind: 'user' } },
      },
    ]);
    // The same send seen twice (a retried XHR) is one message.
    expect(records(run(alSendBox()))[0]?.dedupeKey).toBe(records(run(observation))[0]?.dedupeKey);
    // Shared to two people from the share box: one message each.
    expect(records(run(alSendBox(`${USER_PEER},987654321`))).map((c) => c.recipients[0]?.profileId)).toEqual([
      `vk:${USER_PEER}`,
      'vk:987654321',
    ]);
    expect(run(alSendBox(USER_PEER, { answer: '<!--{"payload":[8,["Flood control"]]}' }))).toEqual([]);
    expect(run(alSendBox(USER_PEER, { status: 500, answer: 'oops' }))).toEqual([]);
  });
});

describe('vk detector: social touches', () => {
  it('a like records a social touch on the object; its removal retracts it (API and like.php alike)', () => {
    const like = records(
      run(apiCall('likes.add', { type: 'post', owner_id: GROUP_OWNER, item_id: '1204' }, {}, { response: { likes: 57 } })),
    )[0];
    expect(like).toMatchObject({
      kind: 'social_touch',
      subtype: 'like',
      dedupeKey: `vk:vk:like:wall${GROUP_OWNER}_1204`,
      recipients: [{ profileId: `vk:${GROUP_OWNER}` }],
      detection: { ids: { ownerKind: 'group', object: `wall${GROUP_OWNER}_1204` } },
    });
    const alLike = records(run(alCall('like', 'a_do_like', { object: `wall${GROUP_OWNER}_1204`, hash: 'h' })))[0];
    expect(alLike?.dedupeKey).toBe(like?.dedupeKey);
    expect(run(apiCall('likes.delete', { type: 'post', owner_id: GROUP_OWNER, item_id: '1204' }, {}, { response: { likes: 56 } }))).toEqual(
      [{ type: 'retract', dedupeKey: `vk:vk:like:wall${GROUP_OWNER}_1204` }],
    );
    expect(run(alCall('like', 'a_do_unlike', { object: `wall${GROUP_OWNER}_1204`, hash: 'h' }))).toEqual([
      { type: 'retract', dedupeKey: `vk:vk:like:wall${GROUP_OWNER}_1204` },
    ]);
  });

  it('a comment records a social touch keyed on the new comment; deleting it retracts it', () => {
    const comment = records(
      run(
        apiCall(
          'wall.createComment',
          { owner_id: GROUP_OWNER, post_id: '1204', message: 'SECRET' },
          {},
          { response: { comment_id: 1210, parents_stack: [] } },
        ),
      ),
    )[0];
    expect(comment).toMatchObject({
      subtype: 'comment',
      dedupeKey: `vk:vk:comment:${GROUP_OWNER}_1210`,
      detection: { ids: { postId: `${GROUP_OWNER}_1204` } },
    });
    expect(run(apiCall('wall.deleteComment', { owner_id: GROUP_OWNER, comment_id: '1210' }))).toEqual([
      { type: 'retract', dedupeKey: `vk:vk:comment:${GROUP_OWNER}_1210` },
    ]);
    const alComment = records(run(alCall('al_wall', 'post', { reply_to: `${GROUP_OWNER}_1204`, message: 'SECRET', hash: 'h' })))[0];
    expect(alComment).toMatchObject({ subtype: 'comment', recipients: [{ profileId: `vk:${GROUP_OWNER}` }] });
  });
});

describe('vk detector: what it does not count', () => {
  it('records nothing for API errors, al error codes, unknown peers or objects, wall posts, typing and reading', () => {
    for (const observation of negatives()) expect(records(run(observation))).toEqual([]);
  });

  it('a failed unlike or comment delete retracts nothing', () => {
    expect(run(apiCall('likes.delete', { type: 'post', owner_id: GROUP_OWNER, item_id: '1' }, {}, { error: { error_code: 15 } }))).toEqual(
      [],
    );
    expect(run(alCall('like', 'a_do_unlike', { object: 'wall1_2' }, { answer: '<!--{"payload":["3",[]]}' }))).toEqual([]);
  });

  it('watches the API methods on api.vk.com/api.vk.me and the al_* acts on vk.com only', () => {
    const w = (method: string, url: string) => vkDetector.watches(method, new URL(url));
    expect(w('POST', 'https://api.vk.com/method/messages.send?v=5.245')).toBe(true);
    expect(w('POST', 'https://api.vk.me/method/likes.add')).toBe(true);
    expect(w('POST', 'https://api.vk.com/method/messages.getHistory')).toBe(false);
    expect(w('POST', 'https://vk.com/al_im.php?act=a_send')).toBe(true);
    expect(w('POST', 'https://vk.com/al_im.php?act=a_start')).toBe(false);
    expect(w('POST', 'https://vk.com/al_im.php?act=a_send_box')).toBe(true);
    // The older client's bare al_im.php (act in the body) is watched; the detector reads the act.
    expect(w('POST', 'https://vk.com/al_im.php')).toBe(true);
    expect(w('GET', 'https://vk.com/al_im.php')).toBe(false);
    expect(w('POST', 'https://vk.com/like.php?act=a_do_like')).toBe(true);
    expect(w('POST', 'https://vk.com/al_wall.php?act=post')).toBe(true);
    expect(w('POST', 'https://vk.com/al_wall.php?act=get_wall')).toBe(false);
    expect(w('POST', 'https://evil.example/method/messages.send')).toBe(false);
  });

  it('every builder observation goes through detectAll without a failure; odd input never throws', () => {
    for (const observation of [...positives(), ...negatives()]) expect(detectAll([vkDetector], observation, context).failures).toEqual([]);
    expect(positives().every((o) => run(o).length >= 1)).toBe(true);
    const base = messagesSend();
    for (const body of ['', 'peer_id=%E0%A4%A', 'peer_id=99999999999999999999999', 'peer_id=0', '{"peer_id":1}']) {
      expect(() => run({ ...base, request: { ...base.request, body } })).not.toThrow();
    }
    for (const answer of ['{"response":{"message_id":-1}}', '{"response":[null]}', '<!--{"payload":[0,null]}', '<!--{"payload":"x"}']) {
      expect(() => run({ ...alImSend(), response: { status: 200, body: answer } })).not.toThrow();
      expect(() => run({ ...base, response: { status: 200, body: answer } })).not.toThrow();
    }
  });
});
