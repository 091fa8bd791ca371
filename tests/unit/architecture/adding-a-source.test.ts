import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALL_SOURCES } from '../../../lib/capture/all-sources';
import type { SourceDescriptor } from '../../../lib/capture/define-source';

/**
 * Holds README "Adding a site" true (issue 23, point 4): a source is its folder under lib/capture/
 * (with a source.ts descriptor) plus one line in lib/capture/all-sources.ts, and nothing else.
 *
 * 1. Every folder is a registered descriptor and every descriptor has its folder.
 * 2. A throwaway source, added in memory to the index, reaches every central list (channels,
 *    install defaults, words in the UI and in CRM records, hosts, permissions, locale order).
 * 3. No file outside a source's folder and the index names its id, except feature code that is
 *    about that source on purpose (listed below with its reason). A new source's id is in no such
 *    list, so any central list that still needs it named fails here.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CAPTURE = path.join(ROOT, 'lib/capture');
const INDEX = 'lib/capture/all-sources.ts';

const folders = readdirSync(CAPTURE, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('a source is its folder and one line in the index', () => {
  it('every folder under lib/capture/ has a source.ts whose descriptor the index lists, under the folder name', async () => {
    expect(folders).toEqual(ALL_SOURCES.map((source) => source.id).sort());
    for (const id of folders) {
      const file = path.join(CAPTURE, id, 'source.ts');
      expect(existsSync(file), `lib/capture/${id}/source.ts`).toBe(true);
      const exported = Object.values(await import(/* @vite-ignore */ file));
      const listed = ALL_SOURCES.find((source) => source.id === id);
      expect(exported, `the index lists the descriptor of lib/capture/${id}/source.ts`).toContain(listed);
    }
  });

  it('the index names each source on one import line and one list line', () => {
    const index = readFileSync(path.join(ROOT, INDEX), 'utf8');
    for (const id of folders) {
      const lines = index.split('\n').filter((line) => line.includes(`'./${id}/source'`));
      expect(lines, `one import of ./${id}/source`).toHaveLength(1);
    }
  });

  it('channel ids are unique across sources, and none is "manual" (the rep\'s own entries)', () => {
    const channels = ALL_SOURCES.flatMap((source) => source.channels.map((channel) => channel.id));
    expect(new Set(channels).size).toBe(channels.length);
    expect(channels).not.toContain('manual');
  });
});

describe('a throwaway source added in memory reaches every central list', () => {
  const acme: SourceDescriptor = {
    id: 'acme',
    kind: 'page',
    page: { rules: [{ hosts: ['mail.acme.example'], path: /^\/send$/, methods: ['POST'] }] },
    mail: true,
    ruFirst: true,
    channels: [
      {
        id: 'acme',
        name: { en: 'Acme Mail', ru: 'Почта Акме' },
        inRecord: { en: 'Acme', ru: 'Акме' },
        undoneIn: { en: 'Undone in Acme Mail', ru: 'Отменено в Почте Акме' },
        on: false,
      },
    ],
  };
  const dial: SourceDescriptor = {
    id: 'dial',
    kind: 'api',
    captures: 'call',
    origin: 'https://api.dial.example/*',
    pollMinutes: 30,
    channels: [{ id: 'dial', name: { en: 'Dial', ru: 'Дайал' }, on: true }],
  };

  const talk: SourceDescriptor = {
    id: 'talk',
    kind: 'page',
    page: { rules: [{ hosts: ['web.talk.example'], path: /^\/api\/send$/, methods: ['POST'] }] },
    channels: [
      {
        id: 'talk',
        name: { en: 'Talk', ru: 'Толк' },
        on: false,
        chats: {
          prefix: 'tk',
          isGroup: (peerId) => peerId.startsWith('g'),
          words: { person: { en: 'Talk chat', ru: 'чат в Толке' }, group: { en: 'Talk group', ru: 'группа в Толке' } },
        },
      },
    ],
  };

  afterEach(() => {
    vi.doUnmock('../../../lib/capture/all-sources');
    vi.resetModules();
  });

  async function withThrowaways() {
    vi.resetModules();
    vi.doMock('../../../lib/capture/all-sources', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../../lib/capture/all-sources')>();
      const all: readonly SourceDescriptor[] = [...real.ALL_SOURCES, acme, dial, talk];
      const channels = all.flatMap((source) => source.channels);
      return {
        ...real,
        ALL_SOURCES: all,
        PAGE_SOURCES: all.filter((source) => source.kind === 'page'),
        API_SOURCE_DESCRIPTORS: all.filter((source) => source.kind === 'api'),
        HOOK_SOURCE_DESCRIPTORS: all.filter((source) => source.kind === 'hook'),
        SOURCE_CHANNELS: channels,
        SOURCE_CHANNEL_IDS: channels.map((channel) => channel.id),
      };
    });
    return {
      activity: await import('../../../lib/activity'),
      settings: await import('../../../lib/settings'),
      recordWords: await import('../../../lib/crm/record-words'),
      words: await import('../../../lib/capture/source-words'),
      sources: await import('../../../lib/capture/sources'),
      permissions: await import('../../../lib/optional-permissions'),
      localeOrder: await import('../../../lib/capture/locale-order'),
      recentChats: await import('../../../lib/capture/recent-chats'),
    };
  }

  it('its channel is stored, off at install (opt-in), named in the UI and in CRM records, in both languages', async () => {
    const { activity, settings, recordWords, words } = await withThrowaways();
    expect(activity.CHANNELS).toContain('acme');
    expect(activity.Channel.safeParse('acme').success).toBe(true);
    expect(activity.Channel.safeParse('not-a-source').success).toBe(false);
    expect(settings.OPT_IN_CHANNELS).toContain('acme');
    expect(settings.defaultSettings('UTC').channels).toMatchObject({ acme: false });
    expect(settings.channelIsOn({ channels: {} }, 'acme' as never)).toBe(false);
    const summary = { kind: 'email', channel: 'acme' as never } as const;
    expect(recordWords.recordSummary(summary, 'en')).toContain('(Acme)');
    expect(recordWords.recordSummary(summary, 'ru')).toContain('(Акме)');
    expect(words.sourceMessages('en')).toMatchObject({
      channel_acme: { message: 'Acme Mail' },
      status_undone_in_acme: { message: 'Undone in Acme Mail' },
    });
    expect(words.sourceMessages('ru')).toMatchObject({ channel_acme: { message: 'Почта Акме' } });
  });

  it("a messenger's chats join the recent-chats pick list, with their words in both languages", async () => {
    const { words, recentChats } = await withThrowaways();
    expect(recentChats.ChatChannel.safeParse('talk').success).toBe(true);
    expect(recentChats.ChatChannel.safeParse('acme').success).toBe(false);
    const talkChannel = 'talk' as never;
    expect(recentChats.chatIdOf(talkChannel, '42')).toBe('tk:42');
    expect(recentChats.isGroupPeer(talkChannel, 'g1')).toBe(true);
    expect(recentChats.chatSeenOfProfile('talk', 'tk:42')).toEqual({ channel: 'talk', peerId: '42' });
    expect(words.sourceMessages('en')).toMatchObject({
      recentChatPerson_talk: { message: 'Talk chat' },
      recentChatGroup_talk: { message: 'Talk group' },
    });
    expect(words.sourceMessages('ru')).toMatchObject({ recentChatGroup_talk: { message: 'группа в Толке' } });
    expect(words.sourceMessages('en')).not.toHaveProperty('recentChatPerson_acme');
  });

  it('its pages join the manifest hosts, its webmail the welcome banner, its origin the optional permissions, Russian order first', async () => {
    const { sources, permissions, localeOrder } = await withThrowaways();
    expect(sources.WATCHED_HOST_NAMES).toContain('mail.acme.example');
    expect(sources.MAIL_SOURCE_IDS).toContain('acme');
    expect(sources.isWatched('POST', 'mail.acme.example', '/send', '')).toBe(true);
    expect(permissions.OPTIONAL_HOST_PERMISSIONS).toContain('https://api.dial.example/*');
    expect(localeOrder.channelsInLocaleOrder(['gmail', 'acme'] as never[], 'ru')).toEqual(['acme', 'gmail']);
  });
});

/**
 * Feature code that is about one source on purpose (not a list of every source): file → why.
 * Anything here must not be a list a new source would have to join.
 */
const ABOUT_ONE_SOURCE: Record<string, Record<string, string>> = {
  gmail: {
    'lib/capture/capture-messages.ts': "the undo-click message Gmail's page hook sends names its provider",
    'lib/background/ingest.ts': "an undo click retracts Gmail's pending send",
  },
  linkedin: {
    'lib/capture/tap-group-linkedin.ts': 'LinkedIn has a tap bundle of its own (its rules are the longest)',
    'lib/capture/tap-group-mail-and-messengers.ts': 'the main tap bundle leaves out sources with a bundle of their own',
    'lib/crm/sync.ts': 'a CRM contact gets the LinkedIn profile it was reached on',
    'lib/crm/hubspot/api.ts': "HubSpot's communication type for LinkedIn messages",
    'lib/background/ingest.ts': "LinkedIn's account and conversation participants",
    'lib/background/engagements.ts': 'who engaged on LinkedIn (issue 15, point 4)',
    'lib/store/kv.ts': "LinkedIn's stored memories (participants, account)",
  },
  vk: { 'lib/crm/sync.ts': 'a CRM contact gets the VK id it was reached on' },
  'phone-link': {
    'lib/capture/capture-messages.ts': 'its click message and settings',
    'lib/background/ingest-plan.ts': 'a logged call absorbs its phone-link attempt (the plan applies its rule)',
    'lib/capture/ingest-rules.ts': "the reads the phone-link merge rule needs, beside the meeting rule's",
    'lib/format/contact.ts': 'phone numbers as phone links write them',
    'lib/background/connectors.ts': 'turning phone links on registers their content script',
    'lib/background/ingest.ts': 'a click becomes a call attempt, merged with a phone system call',
    'lib/capture/aircall/client.ts': "phone systems normalise numbers with phone links' normalizer",
    'lib/capture/mango/client.ts': "phone systems normalise numbers with phone links' normalizer",
    'lib/capture/ringcentral/client.ts': "phone systems normalise numbers with phone links' normalizer",
    'lib/capture/zadarma/client.ts': "phone systems normalise numbers with phone links' normalizer",
    'components/settings/ConnectorsPanel.tsx': 'its switch in Capture',
    'components/settings/PermissionsPanel.tsx': 'why it asks for every site',
    'entrypoints/phone-link.content.ts': 'its run-time content script (an entrypoint must live in entrypoints/)',
    'entrypoints/background/index.ts': 'its content script is registered at run time',
  },
};

/** Where the extension's own code and words are (tests, docs and scripts are not the product). */
const SCANNED = ['lib', 'components', 'entrypoints', 'public', 'wxt.config.ts'];

function productFiles(): string[] {
  const out: string[] = [];
  const visit = (relative: string) => {
    const absolute = path.join(ROOT, relative);
    if (statSync(absolute).isDirectory()) {
      for (const name of readdirSync(absolute)) visit(path.join(relative, name));
    } else if (/\.(ts|tsx|json|html)$/.test(relative)) out.push(relative.split(path.sep).join('/'));
  };
  for (const entry of SCANNED) visit(entry);
  return out;
}

/** A source id as code names it: a string or path segment ('zoho', "./zoho/"), or a message key (channel_zoho). */
const mentionOf = (id: string) => new RegExp(`(['"\`/])${id.replace(/[-]/g, '\\-')}(['"\`/])|_${id}\\b`);

describe('no file outside a source folder and the index names a source', () => {
  const files = productFiles().map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));

  for (const source of ALL_SOURCES) {
    it(`${source.id} is named only in lib/capture/${source.id}/, the index and code about it on purpose`, () => {
      const mentions = files
        .filter(({ file }) => !file.startsWith(`lib/capture/${source.id}/`) && file !== INDEX)
        // A migration's frozen shape names the channels of its version on purpose: it must not move on.
        .filter(({ file }) => !file.startsWith('lib/store/migrations/'))
        .filter(({ text }) => mentionOf(source.id).test(text))
        .map(({ file }) => file);
      const allowed = ABOUT_ONE_SOURCE[source.id] ?? {};
      expect(
        mentions.filter((file) => !(file in allowed)),
        'make it a field of the descriptor (lib/capture/define-source.ts) and derive the list from all-sources.ts',
      ).toEqual([]);
    });
  }

  it('the allowed mentions are still there (an entry that no longer applies goes)', () => {
    for (const [id, allowed] of Object.entries(ABOUT_ONE_SOURCE)) {
      for (const file of Object.keys(allowed)) {
        const text = readFileSync(path.join(ROOT, file), 'utf8');
        expect(mentionOf(id).test(text), `${file} still names ${id}`).toBe(true);
      }
    }
  });

  it('the simplest sources (a webmail, a messenger, a phone system) are named nowhere else at all', () => {
    for (const id of ['zoho', 'proton', 'mailru', 'yandex', 'yahoo', 'outlook', 'telegram', 'whatsapp', 'mango', 'calcom']) {
      expect(ABOUT_ONE_SOURCE[id], id).toBeUndefined();
    }
  });
});
