import type { Observation } from '../../lib/capture/types';
import { WHATSAPP_EVENT_URL } from '../../lib/capture/whatsapp/rules';
import type { SourceFixtures } from './source-fixtures';

/**
 * WhatsApp Web, as the page-world hook reports it: the serialized key of a row of the rep's own that
 * went from pending to sent. Key shapes as whatsapp-web.js documents `Message.id._serialized`
 * (`<fromMe>_<remote>_<id>`, with the author appended in groups: `true_<group>@g.us_<id>_<author>@c.us`)
 * and as the message rows' `data-id` attribute carries it (the selector public scrapers use:
 * `[data-id^="true_"]` for own messages); ids look like the client's (`3EB0` + hex). Numbers are made up.
 */

export const CONTACT = '15551234567';
export const GROUP = '120363042123456789@g.us';
export const STARTED_AT = Date.UTC(2025, 4, 6, 12, 0, 0);

export function sentRow(dataId: string, status = 200): Observation {
  return {
    pageUrl: 'https://web.whatsapp.com/',
    request: { method: 'POST', url: WHATSAPP_EVENT_URL, headers: {}, body: JSON.stringify({ v: 1, dataId }) },
    response: { status, body: null },
    startedAt: STARTED_AT,
  };
}

export const ONE_TO_ONE = `true_${CONTACT}@c.us_3EB0C767D26A1D8E3A45`;
export const IN_GROUP = `true_${GROUP}_3EB0B3A4C5D6E7F80912_${CONTACT}@c.us`;

export const captureFixtures: SourceFixtures = {
  positive: {
    'a message to a contact': sentRow(ONE_TO_ONE),
    'a message to a linked-id contact (@lid)': sentRow('true_208937452314567@lid_3EB0AA11BB22CC33DD44'),
    'a message in a group': sentRow(IN_GROUP),
  },
  negative: {
    'a received message (false_)': sentRow(`false_${CONTACT}@c.us_3EB0C767D26A1D8E3A46`),
    'a status update': sentRow('true_status@broadcast_3EB0C767D26A1D8E3A47'),
    'a channel post': sentRow('true_120363111111111111@newsletter_3EB0C767D26A1D8E3A48'),
    'not a message key': sentRow('true_<img src=x>'),
    'a fact without its version': {
      ...sentRow(ONE_TO_ONE),
      request: { ...sentRow(ONE_TO_ONE).request, body: `{"dataId":"${ONE_TO_ONE}"}` },
    },
  },
};
