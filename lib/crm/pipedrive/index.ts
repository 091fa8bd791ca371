import type { CrmDescriptor } from '../types';
import { createPipedriveClient } from './client';

/**
 * Pipedrive: a personal API token (Personal preferences → API), and the company domain (acme for
 * acme.pipedrive.com) when the rep knows it. With the domain the client talks to
 * `https://<company>.pipedrive.com` and asks for that host only; without it, to
 * `https://api.pipedrive.com`. The token works on both hosts
 * (https://pipedrive.readme.io/docs/how-to-get-the-company-domain).
 *
 * Pace: Pipedrive limits each token per 2-second window (20 requests on the smallest plan for API
 * tokens) and every search endpoint to 10 requests per 2 seconds on every plan, on top of the
 * company's daily token budget (https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting).
 * The sync finds contacts by search, so it keeps to the search pace: one request per 200 ms.
 */
export const PIPEDRIVE: CrmDescriptor = {
  id: 'pipedrive',
  label: 'Pipedrive',
  origins: (credentials) => {
    const domain = credentials?.crm === 'pipedrive' ? credentials.companyDomain : undefined;
    return [domain ? `https://${domain}.pipedrive.com/*` : 'https://api.pipedrive.com/*'];
  },
  allOrigins: ['https://api.pipedrive.com/*', 'https://*.pipedrive.com/*'],
  minRequestIntervalMs: 200,
  createClient: (credentials, send, now) => createPipedriveClient(credentials, send, now),
};

export { createPipedriveClient, PipedriveClient } from './client';
