import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_KINDS } from '../../../../lib/activity';
import { createHubSpotClient, HUBSPOT_SEARCH_CAP, HUBSPOT_SEARCH_PAGE } from '../../../../lib/crm/hubspot/client';
import { FakeHubSpot, HUBSPOT_FAKE_TOKEN } from '../../../fakes/crm/hubspot/fake-hubspot';
import { fakeSend } from './fixtures';

/**
 * The team board reads any number of HubSpot records: the search API pages at most 200 at a time and
 * never past 10,000 results of one query (the fake answers 400 there, as HubSpot does), so a type
 * with more starts a new query at the last time read.
 */

const RANGE = { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-02-01T00:00:00Z') };
const TYPES = 5;

function seeded(calls: number, spacingMs: (i: number) => number) {
  const fake = new FakeHubSpot({ clock: () => RANGE.to + 86_400_000 });
  let at = RANGE.from;
  for (let i = 0; i < calls; i += 1) {
    at += spacingMs(i);
    fake.addActivity('calls', {
      hs_timestamp: new Date(Math.min(at, RANGE.to - 1)).toISOString(),
      hubspot_owner_id: '110',
      hs_call_status: 'COMPLETED',
    });
  }
  return fake;
}

async function readAll(fake: FakeHubSpot) {
  const client = createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN, ownerEmail: 'rep@seller.example' }, fakeSend(fake), {
    now: () => RANGE.to,
  });
  const ids = new Set<string>();
  let cursor: string | undefined;
  let requests = 0;
  do {
    const page = await client.listActivities(RANGE, cursor);
    requests += 1;
    if (!page.ok) throw new Error(`${page.error.kind}: ${page.error.message}`);
    for (const item of page.value.items) ids.add(item.id);
    cursor = page.value.next;
  } while (cursor && requests < 10_000);
  return { ids, requests };
}

describe('HubSpot team board at scale', () => {
  it('reads 12,000 calls of a month whole, past the 10,000 a search may page, at 200 a page', async () => {
    const fake = seeded(12_000, () => 60_000);
    const { ids, requests } = await readAll(fake);
    expect(ids.size).toBe(12_000);
    // The floor: 200 a page, plus one (empty) page for each other type.
    const floor = Math.ceil(12_000 / HUBSPOT_SEARCH_PAGE) + TYPES - 1;
    expect(requests / floor).toBeLessThanOrEqual(1.2);
    // No request was refused for paging past the cap.
    expect(fake.requests().length).toBe(requests);
  });

  it('property: any number of records, any spacing (records sharing a time included), each read exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: HUBSPOT_SEARCH_CAP + 600 }),
        // Records may share a time, never 10,000 of them (see nextWindowStart).
        fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 1, maxLength: 20 }).filter((g) => g.some((gap) => gap > 0)),
        async (calls, gaps) => {
          const fake = seeded(calls, (i) => gaps[i % gaps.length]!);
          const { ids } = await readAll(fake);
          expect(ids.size).toBe(calls);
        },
      ),
      { numRuns: 4 },
    );
  });
});

describe('HubSpot team board kinds', () => {
  it('reads back every kind the build knows from our tag (the list is the activity model’s, not a copy)', async () => {
    const fake = new FakeHubSpot({ clock: () => RANGE.to + 86_400_000 });
    const kinds = [...BUILT_IN_KINDS, 'custom:site-visit'];
    kinds.forEach((kind, i) => {
      fake.addActivity('notes', {
        hs_timestamp: new Date(RANGE.from + (i + 1) * 3_600_000).toISOString(),
        hubspot_owner_id: '110',
        hs_note_body: `Logged (quota-radar:${kind})`,
      });
    });
    const client = createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN }, fakeSend(fake), { now: () => RANGE.to });
    const read: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listActivities(RANGE, cursor);
      if (!page.ok) throw new Error(page.error.message);
      read.push(...page.value.items.map((item) => item.kind));
      cursor = page.value.next;
    } while (cursor);
    expect(read).toEqual(kinds);
  });
});
