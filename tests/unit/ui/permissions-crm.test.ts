import { describe, expect, it } from 'vitest';
import { underPattern } from '../../../components/settings/PermissionsPanel';

describe('CRM hosts in the permissions list', () => {
  it('a granted portal falls under its CRM’s manifest pattern; another host, or every site, does not', () => {
    expect(underPattern('https://*.bitrix24.ru/*', 'https://acme.bitrix24.ru/*')).toBe(true);
    expect(underPattern('https://api.hubapi.com/*', 'https://api.hubapi.com/*')).toBe(true);
    expect(underPattern('https://*.amocrm.ru/*', 'https://acme.amocrm.ru/*')).toBe(true);
    expect(underPattern('https://*.bitrix24.ru/*', 'https://acme.bitrix24.ru.evil.example/*')).toBe(false);
    expect(underPattern('https://*.bitrix24.ru/*', 'https://*/*')).toBe(false);
    expect(underPattern('https://api.hubapi.com/*', 'https://apixhubapi.com/*')).toBe(false);
  });
});
