import { errorInWords } from '@/lib/connections';
import { isCloudPortal, parseWebhookUrl } from '@/lib/crm/bitrix24';
import { CRM_FORMS } from '@/lib/crm/forms';
import type { OutboxError } from '@/lib/crm/outbox';
import { crmDescriptor } from '@/lib/crm/registry';
import { CrmCredentials, type CrmId } from '@/lib/crm/types';
import { t } from '@/lib/i18n';
import { formatShortDateTime } from '../format';
import { fieldOf, issueMessage } from '../localizeIssue';
import { salesforceErrorText } from './SalesforceSignIn';

/**
 * A webhook on a self-hosted or own-domain Bitrix24 portal: said before Connect, since the browser's
 * prompt then names that host rather than a Bitrix24 domain.
 */
export function selfHostedPortal(crm: CrmId, input: Record<string, string>): string | undefined {
  const webhook = crm === 'bitrix24' ? parseWebhookUrl(input.webhookUrl ?? '') : undefined;
  return webhook && !isCloudPortal(webhook.portal) ? webhook.portal : undefined;
}

/** A CRM failure in the rep's words: bad token, missing scope, wrong domain, no network… */
export function crmErrorText(error: OutboxError, label: string, timeZone: string): string {
  const signInAgain = salesforceErrorText(error, label);
  if (signInAgain) return signInAgain;
  return errorInWords(error, 'crm', label, (ms) => formatShortDateTime(ms, timeZone));
}

/**
 * What is wrong with the form's fields, in the UI's language and naming the field as the form does
 * ("Incoming webhook URL: looks like https://…/rest/1/…/"), before anything is asked or sent.
 */
export function credentialsProblem(crm: CrmId, input: Record<string, string>): string | undefined {
  const form = CRM_FORMS[crm];
  const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v.trim() !== ''));
  const parsed = CrmCredentials.safeParse({ ...present, crm });
  const labelOf = (name: string | undefined) => {
    const field = form.fields.find((f) => f.name === name);
    return field ? t(field.label) : undefined;
  };
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) return t('issueInvalid');
    const field = fieldOf(issue.path);
    const message = field === 'webhookUrl' ? t('issueWebhookUrl') : issueMessage(issue);
    const label = labelOf(field);
    return label ? t('issueWithField', [label, message]) : message;
  }
  if (parsed.data.crm === 'bitrix24' && !parseWebhookUrl(parsed.data.webhookUrl))
    return t('issueWithField', [labelOf('webhookUrl') ?? 'webhookUrl', t('issueWebhookUrl')]);
  return undefined;
}

/** Only a page can prompt for a permission: the CRM's API host is asked for in the Connect click. */
export function originsFor(crm: CrmId, input: Record<string, string>): string[] {
  const descriptor = crmDescriptor(crm);
  if (!descriptor) return [];
  const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v.trim() !== ''));
  const parsed = CrmCredentials.safeParse({ ...present, crm });
  // Before the fields say which host, the CRM's own domains (not the every-site pattern self-hosted portals use).
  return parsed.success ? descriptor.origins(parsed.data) : descriptor.allOrigins.filter((o) => o !== 'https://*/*');
}
