import { createFakeAmoCrm } from './amocrm/fake-amocrm';
import { createFakeBitrix24 } from './bitrix24/fake-bitrix24';
import type { FakeCrm } from './fake-crm';
import { FakeHubSpot } from './hubspot/fake-hubspot';
import { FakePipedrive } from './pipedrive/fake-pipedrive';

/** Every fake CRM the end-to-end CRM specs run against (one line per CRM). */
export const FAKE_CRMS: { name: string; make: () => FakeCrm }[] = [
  { name: 'HubSpot', make: () => new FakeHubSpot() },
  { name: 'Pipedrive', make: () => new FakePipedrive() },
  { name: 'Bitrix24', make: () => createFakeBitrix24() },
  { name: 'amoCRM', make: () => createFakeAmoCrm() },
];
