import type { CrmDescriptor } from '../types';
import { createHubSpotClient, HUBSPOT_ORIGIN } from './client';

export { createHubSpotClient, HUBSPOT_ORIGIN } from './client';

/**
 * HubSpot: one API host for every account. Private apps may make 100 (Free/Starter) to 190
 * (Professional/Enterprise) requests per 10 s (developers.hubspot.com/apisbytier), but the search
 * endpoints, which every sync step uses, allow 5 requests per second per token
 * (developers.hubspot.com/docs/api/crm/search, "Limitations"): one request per 220 ms stays under both.
 */
export const hubspotDescriptor: CrmDescriptor = {
  id: 'hubspot',
  label: 'HubSpot',
  origins: () => [HUBSPOT_ORIGIN],
  allOrigins: [HUBSPOT_ORIGIN],
  minRequestIntervalMs: 220,
  createClient: (credentials, send, now) => createHubSpotClient(credentials, send, { now }),
};
