import type { FakeCrm } from './fake-crm';
import { FakeHubSpot } from './fake-hubspot';

/** Every fake CRM the end-to-end CRM specs run against (one line per CRM). */
export const FAKE_CRMS: { name: string; make: () => FakeCrm }[] = [{ name: 'HubSpot', make: () => new FakeHubSpot() }];
