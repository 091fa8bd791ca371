import { describe, expect, it } from 'vitest';
import { CRM_FORMS } from '../../../lib/crm/forms';
import { CRM_DESCRIPTORS } from '../../../lib/crm/registry';
import { CRM_IDS, CrmCredentials } from '../../../lib/crm/types';
import { OPTIONAL_HOST_PERMISSIONS } from '../../../lib/optional-permissions';
import wxtConfig from '../../../wxt.config';
import { catalogue } from '../ui/locale';

type Manifest = { host_permissions?: string[]; optional_host_permissions?: string[] };
const manifestFor = (browser: string): Manifest => (wxtConfig.manifest as (env: { browser: string }) => Manifest)({ browser });

/** Every CRM's descriptor, its manifest entries and its connect form. */
describe('CRM registry', () => {
  const present = Object.entries(CRM_DESCRIPTORS);

  it('has HubSpot, each descriptor under its own id', () => {
    expect(CRM_DESCRIPTORS.hubspot?.label).toBe('HubSpot');
    for (const [id, descriptor] of present) {
      expect(descriptor?.id).toBe(id);
      expect(descriptor?.minRequestIntervalMs).toBeGreaterThan(0);
    }
  });

  it('asks for each CRM host only as an optional permission, in Chrome and Firefox', () => {
    for (const [, descriptor] of present) {
      for (const origin of descriptor!.allOrigins) {
        expect(origin).toMatch(/^https:\/\/[a-z0-9.*-]+\/\*$/);
        expect(OPTIONAL_HOST_PERMISSIONS).toContain(origin);
        for (const browser of ['chrome', 'firefox']) {
          const manifest = manifestFor(browser);
          expect(manifest.optional_host_permissions).toContain(origin);
          expect(manifest.host_permissions ?? []).not.toContain(origin);
        }
      }
    }
    expect(new Set(OPTIONAL_HOST_PERMISSIONS).size).toBe(OPTIONAL_HOST_PERMISSIONS.length);
  });

  it('each CRM’s connect form names exactly its credential fields, worded in both languages', () => {
    const en = catalogue('en');
    const ru = catalogue('ru');
    for (const id of CRM_IDS) {
      const variant = CrmCredentials.options.find((o) => o.shape.crm.value === id)!;
      const fields = Object.keys(variant.shape).filter((k) => k !== 'crm');
      expect(CRM_FORMS[id].fields.map((f) => f.name).sort(), id).toEqual(fields.sort());
      for (const key of [CRM_FORMS[id].howTo, ...CRM_FORMS[id].fields.flatMap((f) => [f.label, ...(f.help ? [f.help] : [])])]) {
        expect(en[key], key).toBeDefined();
        expect(ru[key], key).toBeDefined();
      }
    }
  });
});

describe('Pipedrive company domain', () => {
  it('takes acme, acme.pipedrive.com or an address from the browser, and refuses another host', () => {
    const parse = (companyDomain: string) => CrmCredentials.safeParse({ crm: 'pipedrive', token: '0123456789abcdef', companyDomain });
    for (const typed of ['acme', ' ACME.pipedrive.com ', 'https://acme.pipedrive.com/deals/list', 'acme.pipedrive.com/']) {
      const parsed = parse(typed);
      expect(parsed.success && parsed.data.crm === 'pipedrive' && parsed.data.companyDomain, typed).toBe('acme');
    }
    expect(parse('acme.example.com').success).toBe(false);
    expect(parse('https://evil.example/acme.pipedrive.com').success).toBe(false);
  });
});
