import { type ShownField, shownFields } from '../connections';
import type { CrmCredentials, CrmId } from './types';

/**
 * The connect form of each CRM, as Options → CRM draws it: one description per CRM, so a new CRM's
 * client needs no UI work. `name` is the credentials' field (CrmCredentials); `label` and `help`
 * are message keys in public/_locales; secret fields are masked and never sent back to a page.
 */
export interface CrmFormField {
  name: string;
  label: string;
  help?: string;
  secret: boolean;
  optional?: boolean;
  placeholder?: string;
  type?: 'text' | 'password' | 'email' | 'url';
}

export interface CrmForm {
  /** Message key: where the rep finds what to paste. */
  howTo: string;
  fields: readonly CrmFormField[];
}

export const CRM_FORMS: { [K in CrmId]: CrmForm } = {
  hubspot: {
    howTo: 'crmHowTo_hubspot',
    fields: [
      { name: 'token', label: 'crmField_hubspot_token', secret: true, type: 'password', placeholder: 'pat-eu1-…' },
      {
        name: 'ownerEmail',
        label: 'crmField_hubspot_ownerEmail',
        help: 'crmFieldHelp_hubspot_ownerEmail',
        secret: false,
        optional: true,
        type: 'email',
      },
    ],
  },
  pipedrive: {
    howTo: 'crmHowTo_pipedrive',
    fields: [
      { name: 'token', label: 'crmField_pipedrive_token', secret: true, type: 'password' },
      {
        name: 'companyDomain',
        label: 'crmField_pipedrive_companyDomain',
        help: 'crmFieldHelp_pipedrive_companyDomain',
        secret: false,
        optional: true,
        placeholder: 'acme',
      },
    ],
  },
  bitrix24: {
    howTo: 'crmHowTo_bitrix24',
    fields: [
      {
        name: 'webhookUrl',
        label: 'crmField_bitrix24_webhookUrl',
        secret: true,
        type: 'password',
        placeholder: 'https://acme.bitrix24.ru/rest/1/…/',
      },
    ],
  },
  amocrm: {
    howTo: 'crmHowTo_amocrm',
    fields: [
      { name: 'domain', label: 'crmField_amocrm_domain', secret: false, placeholder: 'acme.amocrm.ru' },
      { name: 'token', label: 'crmField_amocrm_token', secret: true, type: 'password' },
    ],
  },
  // The rep types the first two; the tokens come from "Sign in with Salesforce" (components/settings/SalesforceSignIn.tsx).
  salesforce: {
    howTo: 'crmHowTo_salesforce',
    fields: [
      {
        name: 'myDomain',
        label: 'crmField_salesforce_myDomain',
        secret: false,
        placeholder: 'https://acme.my.salesforce.com',
      },
      { name: 'clientId', label: 'crmField_salesforce_clientId', help: 'crmFieldHelp_salesforce_clientId', secret: false },
      { name: 'accessToken', label: 'crmField_salesforce_accessToken', secret: true, type: 'password' },
      { name: 'refreshToken', label: 'crmField_salesforce_refreshToken', secret: true, type: 'password' },
    ],
  },
};

/** What the rep typed, as the credentials' input: empty optional fields are absent. */
export function credentialsInput(crm: CrmId, input: Record<string, string>): Record<string, string> {
  const known = new Set(CRM_FORMS[crm].fields.map((f) => f.name));
  return Object.fromEntries(Object.entries(input).filter(([name, value]) => known.has(name) && value.trim() !== ''));
}

/** A stored credential field as the options page may show it: secrets masked by the connections kit's one rule. */
export function credentialFields(crm: CrmId, credentials: CrmCredentials): ShownField[] {
  const values = credentials as unknown as Record<string, unknown>;
  return shownFields(CRM_FORMS[crm].fields, (name) => values[name]);
}
