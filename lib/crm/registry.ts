import { hubspotDescriptor } from './hubspot';
import type { CrmDescriptor, CrmId } from './types';

/**
 * Every CRM the sync can write to: one line per CRM (its descriptor from lib/crm/<crm>/index.ts).
 * A CRM missing here is not offered in Options → CRM.
 */
export const CRM_DESCRIPTORS: { [K in CrmId]?: CrmDescriptor } = {
  hubspot: hubspotDescriptor,
};

/** The CRMs present, in CRM_IDS order. */
export function availableCrms(): CrmDescriptor[] {
  return Object.values(CRM_DESCRIPTORS).filter((d): d is CrmDescriptor => d !== undefined);
}

export function crmDescriptor(id: CrmId): CrmDescriptor | undefined {
  return CRM_DESCRIPTORS[id];
}
