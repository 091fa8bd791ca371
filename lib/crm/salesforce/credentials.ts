import { z } from 'zod';

/**
 * What a Salesforce connection keeps (IndexedDB kv, like every CRM secret: never exported or shown
 * whole): the org's My Domain, the consumer key of the admin's External Client App (or connected
 * app), and the tokens the PKCE sign-in got (auth.ts). No client secret: the app is made with
 * "Require secret for web server flow" off.
 */

/** Production, sandbox, Developer Edition, scratch and Trailhead orgs' My Domain hosts. */
const MY_DOMAIN_HOST =
  /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:--[a-z0-9]{1,40})?\.(?:(?:sandbox|develop|scratch|trailblaze)\.)?my\.salesforce\.com$/;

/**
 * The org's My Domain URL as the admin or rep may paste it — `acme`, `acme.my.salesforce.com`, an
 * address from the browser, or a Lightning address (`acme.lightning.force.com/lightning/page/home`,
 * whose API host is `acme.my.salesforce.com`) — as `https://<host>`. Anything else is left as typed
 * for the schema to refuse.
 */
export function salesforceMyDomain(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  let host = value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[/?#].*$/, '');
  host = host.replace(/\.lightning\.force\.com$/, '.my.salesforce.com');
  if (/^[a-z0-9-]+$/.test(host)) host = `${host}.my.salesforce.com`;
  return MY_DOMAIN_HOST.test(host) ? `https://${host}` : value;
}

export const SalesforceMyDomain = z.preprocess(
  salesforceMyDomain,
  z
    .string()
    .regex(
      /^https:\/\/[^/]+$/,
      'a My Domain URL looks like https://acme.my.salesforce.com (or acme--uat.sandbox.my.salesforce.com, acme.develop.my.salesforce.com)',
    )
    .refine((url) => MY_DOMAIN_HOST.test(url.slice('https://'.length)), {
      message:
        'a My Domain URL looks like https://acme.my.salesforce.com (or acme--uat.sandbox.my.salesforce.com, acme.develop.my.salesforce.com)',
    }),
);

/** A consumer key: an opaque string of letters, digits and `._` (85 characters today). */
export const SalesforceConsumerKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._]{20,256}$/, 'a consumer key is the long "Consumer Key" of the app (letters, digits, dots)');

export const SalesforceCredentials = z.object({
  crm: z.literal('salesforce'),
  myDomain: SalesforceMyDomain,
  clientId: SalesforceConsumerKey,
  accessToken: z.string().trim().min(10).max(4000),
  refreshToken: z.string().trim().min(10).max(4000),
});
export type SalesforceCredentials = z.infer<typeof SalesforceCredentials>;
