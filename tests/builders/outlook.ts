import type { Observation } from '../../lib/capture/types';
import { calendarItemRequest, calendarItemResponse, meetingObservation } from '../fixtures/connectors/outlook/meeting';
import type { SourceFixtures } from './source-fixtures';

/**
 * Outlook on the web (OWA) traffic: `POST /owa/service.svc?action=…` with the Exchange JSON
 * envelope OWA sends ({"__type":"CreateItemJsonRequest:#Exchange","Header":…,"Body":…}) and the
 * ResponseMessages envelope it gets back. Shapes follow recorded OWA requests (see
 * ../shared/docs/capture-protocols.md).
 */

export interface OwaRecipient {
  EmailAddress: string;
  Name?: string;
}

export interface OwaMessage {
  Subject?: string;
  body?: string;
  To?: OwaRecipient[];
  Cc?: OwaRecipient[];
  Bcc?: OwaRecipient[];
  /** Sender mailbox; OWA usually sends From: null for the signed-in user. */
  From?: string | null;
  DeferredSendTime?: string;
}

const HEADER = {
  __type: 'JsonRequestHeaders:#Exchange',
  RequestServerVersion: 'V2018_01_08',
  TimeZoneContext: {
    __type: 'TimeZoneContext:#Exchange',
    TimeZoneDefinition: { __type: 'TimeZoneDefinitionType:#Exchange', Id: 'W. Europe Standard Time' },
  },
};

const recipients = (list: OwaRecipient[] | undefined) =>
  (list ?? []).map((r) => ({ Name: r.Name ?? r.EmailAddress, EmailAddress: r.EmailAddress, RoutingType: 'SMTP', MailboxType: 'OneOff' }));

/** A Message:#Exchange item as OWA serialises it. */
export function owaItem(m: OwaMessage): Record<string, unknown> {
  const item: Record<string, unknown> = {
    __type: 'Message:#Exchange',
    Subject: m.Subject ?? '',
    Body: { __type: 'BodyContentType:#Exchange', BodyType: 'HTML', Value: `<html><body><div>${m.body ?? ''}</div></body></html>` },
    Importance: 'Normal',
    From: m.From ? { Mailbox: { EmailAddress: m.From, RoutingType: 'SMTP', MailboxType: 'Mailbox' } } : null,
    ToRecipients: recipients(m.To),
    CcRecipients: recipients(m.Cc),
    BccRecipients: recipients(m.Bcc),
    Sensitivity: 'Normal',
    IsDeliveryReceiptRequested: false,
    IsReadReceiptRequested: false,
  };
  if (m.DeferredSendTime) item.DeferredSendTime = m.DeferredSendTime;
  return item;
}

export type Disposition = 'SendAndSaveCopy' | 'SendOnly' | 'SaveOnly';
export type ComposeOperation = 'newMail' | 'reply' | 'replyAll' | 'forward';

export function createItemRequest(m: OwaMessage, disposition: Disposition = 'SendAndSaveCopy', op: ComposeOperation = 'newMail') {
  return {
    __type: 'CreateItemJsonRequest:#Exchange',
    Header: HEADER,
    Body: {
      __type: 'CreateItemRequest:#Exchange',
      Items: [owaItem(m)],
      ClientSupportsIrm: true,
      OutboundCharset: 'AutoDetect',
      MessageDisposition: disposition,
      ComposeOperation: op,
    },
  };
}

/** Sending (or saving) an existing draft: each field travels as a SetItemField update. */
export function updateItemRequest(
  itemId: string,
  m: OwaMessage,
  disposition: Disposition = 'SendAndSaveCopy',
  op: ComposeOperation = 'newMail',
) {
  const item = owaItem(m);
  const fields = [
    'Subject',
    'Body',
    'ToRecipients',
    'CcRecipients',
    'BccRecipients',
    ...(m.From ? ['From'] : []),
    ...(m.DeferredSendTime ? ['DeferredSendTime'] : []),
  ];
  return {
    __type: 'UpdateItemJsonRequest:#Exchange',
    Header: HEADER,
    Body: {
      __type: 'UpdateItemRequest:#Exchange',
      ItemChanges: [
        {
          __type: 'ItemChange:#Exchange',
          Updates: fields.map((field) => ({
            __type: 'SetItemField:#Exchange',
            Path: { __type: 'PropertyUri:#Exchange', FieldURI: field },
            Item: { __type: 'Message:#Exchange', [field]: item[field] },
          })),
          ItemId: { __type: 'ItemId:#Exchange', Id: itemId, ChangeKey: 'CQAAABYAAAB' },
        },
      ],
      ConflictResolution: 'AlwaysOverwrite',
      ClientSupportsIrm: true,
      SendCalendarInvitationsOrCancellations: 'SendToNone',
      MessageDisposition: disposition,
      SuppressReadReceipts: false,
      ComposeOperation: op,
      OutboundCharset: 'AutoDetect',
      PromoteInlineAttachments: false,
      SendOnNotFoundError: true,
    },
  };
}

export function sendItemRequest(itemIds: string[]) {
  return {
    __type: 'SendItemJsonRequest:#Exchange',
    Header: HEADER,
    Body: {
      __type: 'SendItemRequest:#Exchange',
      ItemIds: itemIds.map((Id) => ({ __type: 'ItemId:#Exchange', Id, ChangeKey: 'CQAAABYAAAB' })),
      SaveItemToFolder: true,
    },
  };
}

export interface OwaResult {
  success?: boolean;
  itemId?: string;
  internetMessageId?: string;
}

export function owaResponse(results: OwaResult[]) {
  return {
    Header: { ServerVersionInfo: { MajorVersion: 15, MinorVersion: 20, MajorBuildNumber: 7, Version: 'V2018_01_08' } },
    Body: {
      ResponseMessages: {
        Items: results.map((r) =>
          r.success === false
            ? {
                __type: 'ItemInfoResponseMessage:#Exchange',
                ResponseCode: 'ErrorItemNotFound',
                ResponseClass: 'Error',
                MessageText: 'The specified object was not found in the store.',
                Items: [],
              }
            : {
                __type: 'ItemInfoResponseMessage:#Exchange',
                ResponseCode: 'NoError',
                ResponseClass: 'Success',
                Items:
                  r.itemId || r.internetMessageId
                    ? [
                        {
                          __type: 'Message:#Exchange',
                          ...(r.itemId ? { ItemId: { __type: 'ItemId:#Exchange', Id: r.itemId, ChangeKey: 'CQAAABYAAAC' } } : {}),
                          ...(r.internetMessageId ? { InternetMessageId: r.internetMessageId } : {}),
                        },
                      ]
                    : [],
              },
        ),
      },
    },
  };
}

export const OWA_ACTION_NAMES = {
  CreateItem: 'CreateMessageForComposeSend',
  UpdateItem: 'UpdateMessageForComposeSend',
  SendItem: 'SendItem',
} as const;

export interface OwaObservationOptions {
  host?: string;
  status?: number;
  response?: unknown;
  /** Send the payload URL-encoded in x-owa-urlpostdata with an empty body, as OWA does for small ones. */
  inHeader?: boolean;
  headers?: Record<string, string>;
  pageUrl?: string;
  path?: string;
  startedAt?: number;
}

export function owaObservation(
  action: 'CreateItem' | 'UpdateItem' | 'SendItem',
  payload: unknown,
  options: OwaObservationOptions = {},
): Observation {
  const host = options.host ?? 'outlook.office.com';
  const json = JSON.stringify(payload);
  const headers: Record<string, string> = {
    action,
    'x-owa-actionname': OWA_ACTION_NAMES[action],
    'content-type': 'application/json; charset=utf-8',
    'x-owa-correlationid': '2f11f8fb-f6c6-43a5-881d-8a1b242a4e70',
    ...(options.inHeader ? { 'x-owa-urlpostdata': encodeURIComponent(json) } : {}),
    ...options.headers,
  };
  return {
    pageUrl: options.pageUrl ?? `https://${host}/mail/inbox`,
    request: {
      method: 'POST',
      url: `https://${host}${options.path ?? '/owa/service.svc'}?action=${action}&app=Mail&n=42`,
      headers,
      body: options.inHeader ? '' : json,
    },
    response: {
      status: options.status ?? 200,
      body: options.response === undefined ? null : JSON.stringify(options.response),
    },
    startedAt: options.startedAt ?? 1_700_000_000_000,
  };
}

// --- the fixture set tests/unit/capture/registry.test.ts runs (see source-fixtures.ts) ---

const FIXTURE_MESSAGE: OwaMessage = {
  Subject: 'Intro call next week?',
  body: 'never stored',
  To: [{ EmailAddress: 'buyer@acme.test', Name: 'Buyer' }],
};
const FIXTURE_DRAFT_ID = 'AAMkAGI2TG93AAA=';

export const captureFixtures: SourceFixtures = {
  positive: {
    'CreateItem sent': owaObservation('CreateItem', createItemRequest(FIXTURE_MESSAGE), {
      response: owaResponse([{ itemId: 'AAMkAGI2TG94BBB=' }]),
    }),
    'CreateItem sent, payload in x-owa-urlpostdata': owaObservation('CreateItem', createItemRequest(FIXTURE_MESSAGE), {
      inHeader: true,
      response: owaResponse([{ itemId: 'AAMkAGI2TG94BBC=' }]),
    }),
    'saved draft sent by UpdateItem': owaObservation('UpdateItem', updateItemRequest(FIXTURE_DRAFT_ID, FIXTURE_MESSAGE), {
      host: 'outlook.live.com',
      response: owaResponse([{ itemId: FIXTURE_DRAFT_ID }]),
    }),
    'saved draft sent by SendItem': owaObservation('SendItem', sendItemRequest([FIXTURE_DRAFT_ID]), {
      host: 'outlook.cloud.microsoft',
      response: owaResponse([{}]),
    }),
    'meeting request with an outside attendee': meetingObservation(
      calendarItemRequest({ required: [{ EmailAddress: 'buyer@buyer.example' }, { EmailAddress: 'colleague@seller.example' }] }),
      { response: calendarItemResponse({ success: true, itemId: 'AAMkMeeting1=' }) },
    ),
  },
  negative: {
    'draft saved (SaveOnly)': owaObservation('CreateItem', createItemRequest(FIXTURE_MESSAGE, 'SaveOnly'), {
      response: owaResponse([{ itemId: FIXTURE_DRAFT_ID }]),
    }),
    'send refused (Error response class)': owaObservation('CreateItem', createItemRequest(FIXTURE_MESSAGE), {
      response: owaResponse([{ success: false }]),
    }),
    'send answered by a server error': owaObservation('SendItem', sendItemRequest([FIXTURE_DRAFT_ID]), {
      status: 500,
      response: owaResponse([{}]),
    }),
    'unreadable body': { ...owaObservation('CreateItem', createItemRequest(FIXTURE_MESSAGE)), response: { status: 200, body: 'not json' } },
    // The registry test's internal domain is seller.example.
    'meeting request only to colleagues': meetingObservation(
      calendarItemRequest({ required: [{ EmailAddress: 'colleague@seller.example' }] }),
      {
        response: calendarItemResponse({ success: true, itemId: 'AAMkMeeting2=' }),
      },
    ),
    'appointment saved without invitations': meetingObservation(
      calendarItemRequest({ required: [{ EmailAddress: 'buyer@buyer.example' }], invitations: 'SendToNone' }),
      { response: calendarItemResponse({ success: true, itemId: 'AAMkMeeting3=' }) },
    ),
  },
};
