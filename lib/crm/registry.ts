import { AMOCRM } from './amocrm';
import { BITRIX24 } from './bitrix24';
import { hubspotDescriptor } from './hubspot';
import { PIPEDRIVE } from './pipedrive';
import { SALESFORCE } from './salesforce';
import { CRM_IDS, type CrmDescriptor, type CrmId } from './types';

/**
 * Every CRM the sync can write to: one line per CRM (its descriptor from lib/crm/<crm>/index.ts).
 * Typed by CrmId, so a CRM named in CRM_IDS without a client does not compile.
 */
export const CRM_DESCRIPTORS: { readonly [K in CrmId]: CrmDescriptor } = {
  hubspot: hubspotDescriptor,
  pipedrive: PIPEDRIVE,
  bitrix24: BITRIX24,
  amocrm: AMOCRM,
  salesforce: SALESFORCE,
};

/** Every CRM, in CRM_IDS order. */
export function availableCrms(): CrmDescriptor[] {
  return CRM_IDS.map((id) => CRM_DESCRIPTORS[id]);
}

export function crmDescriptor(id: CrmId): CrmDescriptor {
  return CRM_DESCRIPTORS[id];
}
