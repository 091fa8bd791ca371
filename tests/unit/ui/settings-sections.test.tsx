// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuotasEditor } from '../../../components/QuotasEditor';
import { CalendarSettings } from '../../../components/settings/CalendarSettings';
import { CaptureSettings } from '../../../components/settings/CaptureSettings';
import { PrivacySettings } from '../../../components/settings/PrivacySettings';
import { UnsavedChangesProvider } from '../../../components/unsavedChanges';
import { defaultQuotas, defaultSettings, type Settings } from '../../../lib/settings';
import { speak } from './locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

/** A background that keeps what it is sent, as the real one does. */
let stored: Settings;
beforeEach(() => {
  speak('en');
  stored = defaultSettings('UTC');
  send.mockReset();
  send.mockImplementation(async (request: { type: string; settings?: Settings; quotas?: unknown }) => {
    if (request.type === 'settings/get') return { settings: stored, quotas: defaultQuotas(), accounts: [] };
    if (request.type === 'settings/save') return (stored = request.settings!);
    if (request.type === 'quotas/save') return request.quotas;
    throw new Error(`unexpected ${request.type}`);
  });
});
afterEach(cleanup);

/** Whether leaving the page now would make the browser ask first. */
function leavingWarns(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

function renderSections(initial: Settings) {
  const onSaved = vi.fn();
  render(
    <UnsavedChangesProvider>
      <CalendarSettings initial={initial} onSaved={onSaved} />
      <CaptureSettings initial={initial} accounts={[]} onSaved={onSaved} />
      <PrivacySettings initial={initial} onSaved={onSaved} />
    </UnsavedChangesProvider>,
  );
  return onSaved;
}

describe('one form per settings section', () => {
  it("saves only its own fields onto the latest settings, keeping another section's unsaved edit", async () => {
    const initial = stored;
    renderSections(initial);
    expect(leavingWarns()).toBe(false);

    // Capture: edited, not saved.
    fireEvent.change(screen.getByTestId('invite-limit'), { target: { value: '150' } });
    expect(screen.getByTestId('unsaved-capture')).toBeTruthy();
    expect(leavingWarns()).toBe(true);
    // Meanwhile another page stored a privacy change this page never loaded.
    stored = { ...stored, privacy: { storeSubjects: false, storeRecipientNames: false } };

    fireEvent.change(screen.getByTestId('time-zone'), { target: { value: 'Asia/Tokyo' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-settings'));
    });
    expect(screen.getByTestId('settings-status').textContent).toBe('Saved');
    expect(send).toHaveBeenCalledWith({
      type: 'settings/save',
      settings: { ...initial, timeZone: 'Asia/Tokyo', privacy: { storeSubjects: false, storeRecipientNames: false } },
    });
    // The capture edit is still there, still marked, and still guarded.
    expect((screen.getByTestId('invite-limit') as HTMLInputElement).value).toBe('150');
    expect(screen.getByTestId('unsaved-capture')).toBeTruthy();
    expect(screen.queryByTestId('unsaved-calendar')).toBeNull();
    expect(leavingWarns()).toBe(true);

    await act(async () => {
      fireEvent.click(screen.getByTestId('save-settings-capture'));
    });
    expect(stored).toMatchObject({ timeZone: 'Asia/Tokyo', linkedinWeeklyInviteLimit: 150, privacy: { storeSubjects: false } });
    expect(screen.queryByTestId('unsaved-capture')).toBeNull();
    expect(leavingWarns()).toBe(false);
  });

  it('shows a refused field in the UI language, with its range, linked to the field', async () => {
    speak('ru');
    renderSections(stored);
    fireEvent.change(screen.getByTestId('workday-end'), { target: { value: '' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-settings'));
    });
    const field = screen.getByTestId('workday-end');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const message = document.getElementById(field.getAttribute('aria-describedby')!)!;
    expect(message.textContent).toBe('Конец рабочего дня (час): должно быть целым числом от 1 до 24');
    expect(screen.getByTestId('settings-status').textContent).toBe('Не сохранено: исправьте отмеченные поля.');
    expect(send).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'settings/save' }));
    // The other sections say nothing about it.
    expect(screen.getByTestId('settings-status-capture').textContent).toBe('');
  });
});

describe('QuotasEditor', () => {
  it('marks unsaved edits, names the allowed range of a bad target and links it to the field', async () => {
    render(
      <UnsavedChangesProvider>
        <QuotasEditor initial={defaultQuotas()} onSaved={() => undefined} />
      </UnsavedChangesProvider>,
    );
    const target = screen.getAllByTestId('quota-target')[0]!;
    fireEvent.change(target, { target: { value: '0' } });
    expect(screen.getByTestId('unsaved-quotas')).toBeTruthy();
    expect(leavingWarns()).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-quotas'));
    });
    const message = document.getElementById(target.getAttribute('aria-describedby')!)!;
    // One limit, one message for a count quota, whatever was wrong (issue 21.12).
    expect(message.textContent).toBe('Target: must be a whole number from 1 to 1,000,000');

    fireEvent.change(target, { target: { value: '120' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-quotas'));
    });
    expect(screen.getByTestId('quotas-status').textContent).toBe('Saved');
    expect(target.getAttribute('aria-describedby')).toBeNull();
    expect(screen.queryByTestId('unsaved-quotas')).toBeNull();
    expect(leavingWarns()).toBe(false);
  });
});

describe('Capture section: messenger chats (issue 12)', () => {
  it('states the private-chat rule, shows VK and Telegram off when their switch was never saved, and saves the chat lists', async () => {
    const { vk: _vk, telegram: _telegram, ...older } = stored.channels;
    stored = { ...stored, channels: older };
    render(
      <UnsavedChangesProvider>
        <CaptureSettings initial={stored} accounts={[]} onSaved={vi.fn()} />
      </UnsavedChangesProvider>,
    );
    expect(screen.getByTestId('messenger-chats-rule').textContent).toMatch(/^VK, Telegram and WhatsApp count only when you turn them on/);
    expect((screen.getByLabelText('VK') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('Telegram') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('WhatsApp') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('Gmail') as HTMLInputElement).checked).toBe(true);

    fireEvent.change(screen.getByTestId('excluded-chats'), { target: { value: 'vk:123456\ntg:5550001' } });
    fireEvent.change(screen.getByTestId('work-chats'), { target: { value: 'vk:2000000042' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-settings-capture'));
    });
    expect(stored.messengerChats).toEqual({ excluded: ['vk:123456', 'tg:5550001'], work: ['vk:2000000042'] });
  });

  it('refuses a chat that is not a chat id, and saves nothing', async () => {
    const before = stored;
    render(
      <UnsavedChangesProvider>
        <CaptureSettings initial={stored} accounts={[]} onSaved={vi.fn()} />
      </UnsavedChangesProvider>,
    );
    fireEvent.change(screen.getByTestId('excluded-chats'), { target: { value: 'mom' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-settings-capture'));
    });
    expect(stored).toBe(before);
    expect(send).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'settings/save' }));
  });
});
