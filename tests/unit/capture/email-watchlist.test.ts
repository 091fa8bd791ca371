import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../lib/capture';
import { isWatched } from '../../../lib/capture/sources';

/** The email sources' rules: what the tap reports (isWatched over every source) and what each detector watches (the same matcher over its own rules). */
const samples: [method: string, url: string, watched: boolean][] = [
  ['POST', 'https://mail.google.com/sync/u/0/i/s?hl=en&c=1&rt=r&pt=ji', true],
  ['POST', 'https://mail.google.com/sync/u/12/i/s', true],
  ['POST', 'https://mail.google.com/sync/i/s?rt=r', true],
  ['GET', 'https://mail.google.com/sync/u/0/i/s', false],
  ['POST', 'https://mail.google.com/sync/u/0/i/fd?rt=r', false],
  ['POST', 'https://mail.google.com/sync/u/0/i/bv', false],
  ['POST', 'https://outlook.live.com/owa/service.svc?action=CreateItem&app=Mail&n=1', true],
  ['POST', 'https://outlook.office.com/owa/service.svc?action=UpdateItem', true],
  ['POST', 'https://outlook.office365.com/owa/me@example.com/service.svc?action=SendItem&n=3', true],
  ['POST', 'https://outlook.cloud.microsoft/owa/service.svc?app=Mail&action=CreateItem', true],
  ['POST', 'https://outlook.office.com/owa/service.svc?action=GetItem', false],
  ['POST', 'https://outlook.office.com/owa/service.svc?action=CreateItemAttachment', false],
  ['POST', 'https://outlook.office.com/owa/startupdata.ashx?app=Mail', false],
  ['POST', 'https://mail.yahoo.com/ws/v3/batch?name=messages.saveAndSend&appId=YMailNorrin', true],
  ['POST', 'https://mail.yahoo.com/ws/v3/batch?appId=YMailNorrin&name=messages.send', true],
  ['POST', 'https://mail.yahoo.com/ws/v3/batch?name=messages.autoSaveV3', false],
  ['POST', 'https://mail.yahoo.com/ws/v3/batch?name=mailboxes.folders', false],
  ['POST', 'https://evil.example/sync/u/0/i/s', false],
];

describe('email watch rules', () => {
  for (const [method, href, watched] of samples) {
    it(`${method} ${href} → ${watched ? 'watched' : 'ignored'}`, () => {
      const url = new URL(href);
      expect(isWatched(method, url.hostname, url.pathname, url.search.slice(1))).toBe(watched);
      expect(DETECTORS.some((d) => d.watches(method, url))).toBe(watched);
    });
  }

  it('registers the three email detectors', () => {
    expect(DETECTORS.map((d) => d.id)).toEqual(expect.arrayContaining(['gmail', 'outlook', 'yahoo']));
  });
});
