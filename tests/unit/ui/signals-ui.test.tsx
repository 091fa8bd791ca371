// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signalsText, statusText } from '../../../components/activityWords';
import { QuotasEditor } from '../../../components/QuotasEditor';
import { TopicsSettings } from '../../../components/settings/TopicsSettings';
import { UnsavedChangesProvider } from '../../../components/unsavedChanges';
import { defaultQuotas, defaultSettings, type Quota, type Settings } from '../../../lib/settings';
import { anActivity } from '../../builders/activity';
import { speak } from './locale';

/** Signals to act on (issue 15, point 4): the editor's filter, the topics section, the words in History. */

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

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

const savedQuotas = () => send.mock.calls.filter(([r]) => r.type === 'quotas/save').at(-1)?.[0].quotas as Quota[];

describe('the quota editor’s signal filter', () => {
  it('saves "commented, on a topic" on the social quota; none on the others', async () => {
    render(
      <UnsavedChangesProvider>
        <QuotasEditor initial={defaultQuotas()} onSaved={() => {}} topics={['Retirement planning']} />
      </UnsavedChangesProvider>,
    );
    const social = screen.getByTestId('quota-2');
    fireEvent.click(within(social).getByTestId('quota-signal-on'));
    fireEvent.change(within(social).getByTestId('quota-signal-topic'), { target: { value: ' Retirement planning ' } });
    await act(async () => fireEvent.click(screen.getByTestId('save-quotas')));
    const quotas = savedQuotas();
    expect(quotas.find((q) => q.id === 'social')?.signal).toEqual({ kinds: ['commented'], topic: 'Retirement planning' });
    expect(quotas.find((q) => q.id === 'calls')?.signal).toBeUndefined();
  });

  it('is not offered for an email quota (email carries no engagement signal)', () => {
    render(
      <UnsavedChangesProvider>
        <QuotasEditor initial={defaultQuotas()} onSaved={() => {}} />
      </UnsavedChangesProvider>,
    );
    expect(within(screen.getByTestId('quota-1')).queryByTestId('quota-signal')).toBeNull();
    expect(within(screen.getByTestId('quota-2')).queryByTestId('quota-signal')).not.toBeNull();
  });

  it('refuses a filter without any way of engaging, and says so', async () => {
    render(
      <UnsavedChangesProvider>
        <QuotasEditor initial={defaultQuotas()} onSaved={() => {}} />
      </UnsavedChangesProvider>,
    );
    const social = screen.getByTestId('quota-2');
    fireEvent.click(within(social).getByTestId('quota-signal-on'));
    fireEvent.click(within(social).getByTestId('quota-signal-commented'));
    await act(async () => fireEvent.click(screen.getByTestId('save-quotas')));
    expect(savedQuotas()).toBeUndefined();
    expect(
      within(social).getByRole('group', { name: 'Only people who engaged with me first' }).getAttribute('aria-describedby'),
    ).toBeTruthy();
  });
});

describe('topics you post about', () => {
  it('saves a topic with its keywords, dropping blank rows', async () => {
    render(
      <UnsavedChangesProvider>
        <TopicsSettings initial={stored} onSaved={() => {}} />
      </UnsavedChangesProvider>,
    );
    fireEvent.click(screen.getByTestId('add-topic'));
    fireEvent.click(screen.getByTestId('add-topic'));
    fireEvent.change(screen.getAllByTestId('topic-label')[0]!, { target: { value: 'Retirement planning' } });
    fireEvent.change(screen.getAllByTestId('topic-keywords')[0]!, { target: { value: 'retirement planning, pension, ' } });
    await act(async () => fireEvent.click(screen.getByTestId('save-settings-topics')));
    expect(stored.engagementTopics).toEqual([{ label: 'Retirement planning', keywords: ['retirement planning', 'pension'] }]);
  });
});

describe('History’s words', () => {
  it('says how they engaged, and why a message without a signal did not count', () => {
    const tagged = anActivity({
      signals: [
        { kind: 'commented', engagedAt: 1, topics: ['Taxes'] },
        { kind: 'reacted', engagedAt: 2 },
      ],
    });
    expect(signalsText(tagged)).toBe('Commented on my post (Taxes); Reacted to my post');
    // A signal filter leaves it out of that quota only: it still counts (issue 27, point 4).
    expect(statusText(anActivity(), null, false, ['Commenters reached'])).toBe(
      'Counted; left out of “Commenters reached” (only people who engaged first count there)',
    );
    speak('ru');
    expect(signalsText(tagged)).toBe('Прокомментировал мой пост (Taxes); Отреагировал на мой пост');
    expect(statusText(anActivity(), null, false, ['Соцкасания', 'Ответившие'])).toBe(
      'Засчитано; не входит в «Соцкасания», «Ответившие» (там учитываются только те, кто сначала проявил интерес)',
    );
  });
});
