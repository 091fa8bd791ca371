import { useId } from 'react';
import { CHANNELS } from '@/lib/activity';
import { t } from '@/lib/i18n';
import { isWebmailDomain } from '@/lib/quota/measure';
import { channelIsOn, type Settings } from '@/lib/settings';
import { FieldError } from '../FieldError';
import { errorAttributes } from '../fieldErrors';
import { CaptureHealth } from './CaptureHealth';
import { ConnectorsPanel } from './ConnectorsPanel';
import { linesOf, numberOf } from './draftText';
import { PermissionsPanel } from './PermissionsPanel';
import { RecentChatsPicker } from './RecentChatsPicker';
import { SaveBar } from './SaveBar';
import { useSettingsSection } from './useSettingsSection';

const UNDO_SECONDS = [5, 10, 20, 30] as const;

export function CaptureSettings({ initial, accounts, onSaved }: { initial: Settings; accounts: string[]; onSaved: (s: Settings) => void }) {
  const id = useId();
  const { draft, update, dirty, status, errorOf, save, saveLabel } = useSettingsSection({
    section: 'capture',
    initial: {
      channels: initial.channels,
      gmailUndoSeconds: initial.gmailUndoSeconds,
      internalDomains: initial.internalDomains.join('\n'),
      // The private-chat lists (settings.messengerChats), one chat id per line.
      excludedChats: initial.messengerChats.excluded.join('\n'),
      workChats: initial.messengerChats.work.join('\n'),
      senderDomainIsInternal: initial.senderDomainIsInternal,
      inviteLimit: String(initial.linkedinWeeklyInviteLimit),
    },
    patchOf: (d) => ({
      channels: d.channels,
      gmailUndoSeconds: d.gmailUndoSeconds,
      internalDomains: linesOf(d.internalDomains),
      messengerChats: { excluded: linesOf(d.excludedChats), work: linesOf(d.workChats) },
      senderDomainIsInternal: d.senderDomainIsInternal,
      linkedinWeeklyInviteLimit: numberOf(d.inviteLimit),
    }),
    onSaved,
  });
  const ownDomains = [...new Set(accounts.filter((a) => a.includes('@')).map((a) => a.split('@')[1]!))];
  const domainsError = errorOf('internalDomains');
  const limitError = errorOf('linkedinWeeklyInviteLimit');
  const excludedError = errorOf('messengerChats.excluded');
  const workError = errorOf('messengerChats.work');
  const withLine = (text: string, line: string) => (linesOf(text).includes(line) ? text : [...linesOf(text), line].join('\n'));

  return (
    <section id="capture" aria-labelledby="capture-title">
      <h2 id="capture-title">{t('captureTitle')}</h2>
      <div role="group" aria-label={t('channels')} className="kinds">
        {CHANNELS.map((c) => (
          <label key={c} className="inline">
            <input
              type="checkbox"
              checked={channelIsOn(draft, c)}
              onChange={(e) => update({ channels: { ...draft.channels, [c]: e.target.checked } })}
            />
            {t(`channel_${c}`)}
          </label>
        ))}
      </div>
      <p className="hint" data-testid="messenger-chats-rule">
        {t('messengerChatsRule')}
      </p>
      <label>
        {t('messengerExcluded')}
        <textarea
          rows={2}
          value={draft.excludedChats}
          onChange={(e) => update({ excludedChats: e.target.value })}
          {...errorAttributes(`${id}-excluded`, excludedError)}
          data-testid="excluded-chats"
        />
        <FieldError id={`${id}-excluded`} message={excludedError} />
      </label>
      <label>
        {t('messengerWork')}
        <textarea
          rows={2}
          value={draft.workChats}
          onChange={(e) => update({ workChats: e.target.value })}
          {...errorAttributes(`${id}-work`, workError)}
          data-testid="work-chats"
        />
        <FieldError id={`${id}-work`} message={workError} />
      </label>
      <RecentChatsPicker
        excluded={linesOf(draft.excludedChats)}
        work={linesOf(draft.workChats)}
        onExclude={(chat) => update({ excludedChats: withLine(draft.excludedChats, chat) })}
        onWork={(chat) => update({ workChats: withLine(draft.workChats, chat) })}
        namesKept={initial.privacy.storeRecipientNames}
      />
      <label>
        {t('gmailUndo')}
        <select
          value={draft.gmailUndoSeconds}
          onChange={(e) => update({ gmailUndoSeconds: Number(e.target.value) as Settings['gmailUndoSeconds'] })}
        >
          {UNDO_SECONDS.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <p className="hint" data-testid="mailru-undo-not-seen">
        {t('mailruUndoNotSeen')}
      </p>
      <label>
        {t('internalDomains')}
        <textarea
          rows={3}
          value={draft.internalDomains}
          onChange={(e) => update({ internalDomains: e.target.value })}
          {...errorAttributes(`${id}-domains`, domainsError)}
          data-testid="internal-domains"
        />
        <FieldError id={`${id}-domains`} message={domainsError} />
      </label>
      {ownDomains.length > 0 && (
        <p className="hint">
          {t('seenDomains', ownDomains.join(', '))}{' '}
          {ownDomains
            // Never offer gmail.com and the like: as "internal" they would stop every prospect there from counting.
            .filter((d) => !linesOf(draft.internalDomains).includes(d) && !isWebmailDomain(d))
            .map((d) => (
              <button
                key={d}
                type="button"
                className="chip"
                data-testid="suggest-domain"
                onClick={() => update({ internalDomains: [...linesOf(draft.internalDomains), d].join('\n') })}
              >
                + {d}
              </button>
            ))}
        </p>
      )}
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.senderDomainIsInternal}
          onChange={(e) => update({ senderDomainIsInternal: e.target.checked })}
        />
        {t('senderDomainIsInternal')}
      </label>
      <label>
        {t('inviteLimit')}
        <input
          inputMode="numeric"
          value={draft.inviteLimit}
          onChange={(e) => update({ inviteLimit: e.target.value })}
          {...errorAttributes(`${id}-limit`, limitError)}
          data-testid="invite-limit"
        />
        <FieldError id={`${id}-limit`} message={limitError} />
      </label>
      <SaveBar section="capture" label={saveLabel} status={status} dirty={dirty} onSave={() => void save()} />
      <CaptureHealth timeZone={initial.timeZone} />
      <ConnectorsPanel timeZone={initial.timeZone} />
      <PermissionsPanel />
    </section>
  );
}
