import type { CrmDescriptor } from '../types';
import { createSalesforceClient } from './client';

/**
 * Salesforce: the org's My Domain and the consumer key of the admin's External Client App, signed in
 * with OAuth 2.0 + PKCE (auth.ts, components/settings/SalesforceSignIn.tsx). Every request goes to
 * the My Domain host, the only one asked for at connect.
 *
 * Pace: Salesforce counts API requests per org per rolling 24 hours (Enterprise: 100,000 plus
 * 1,000 per licence) and caps concurrent long requests, not requests per second
 * (https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm):
 * one request per 100 ms keeps a rep's sync far inside both and shares the org's day with others.
 */
export const SALESFORCE: CrmDescriptor = {
  id: 'salesforce',
  label: 'Salesforce',
  origins: (credentials) => {
    const myDomain = credentials?.crm === 'salesforce' ? credentials.myDomain : undefined;
    return [myDomain ? `${myDomain}/*` : 'https://*.my.salesforce.com/*'];
  },
  allOrigins: ['https://*.my.salesforce.com/*'],
  minRequestIntervalMs: 100,
  createClient: (credentials, send, now) => createSalesforceClient(credentials, send, now),
};

export { createSalesforceClient, SalesforceClient } from './client';
