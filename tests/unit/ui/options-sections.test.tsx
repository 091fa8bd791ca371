// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UnsavedChangesProvider } from '../../../components/unsavedChanges';
import { App } from '../../../entrypoints/options/App';
import { SectionViews } from '../../../entrypoints/options/SectionViews';
import { SideNav } from '../../../entrypoints/options/SideNav';
import { SECTION_VIEWS } from '../../../entrypoints/options/sections';
import { SECTION_IDS, type SectionId, sectionFromHash, useSectionRoute } from '../../../entrypoints/options/sections/route';
import { defaultQuotas, defaultSettings } from '../../../lib/settings';
import { catalogue, speak } from './locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

/** Moves the URL's hash as a link, back or forward does (jsdom fires hashchange on its own, later). */
async function goTo(hash: string) {
  await act(async () => {
    window.location.hash = hash;
    await new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
  });
}

/** A section that keeps something typed, to see whether a visit elsewhere loses it. */
function Draft({ id }: { id: SectionId }) {
  const [text, setText] = useState('');
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{id} heading</h2>
      <input aria-label={`${id} draft`} value={text} onChange={(e) => setText(e.target.value)} />
    </section>
  );
}

/** The real navigation and view switch, with stand-in sections. */
function Page() {
  const section = useSectionRoute();
  return (
    <UnsavedChangesProvider>
      <SideNav current={section} />
      <main>
        <SectionViews current={section} render={(id) => <Draft id={id} />} />
      </main>
    </UnsavedChangesProvider>
  );
}

const link = (id: SectionId) => screen.getByTestId(`nav-${id}`);
const view = (id: SectionId) => document.querySelector<HTMLElement>(`.view[data-view="${id}"]`);

beforeEach(() => {
  speak('en');
  window.history.replaceState(null, '', '/options.html');
});
afterEach(cleanup);

describe('the hash names the section', () => {
  it('reads only the sections there are', () => {
    expect(sectionFromHash('#history')).toBe('history');
    expect(sectionFromHash('#crm')).toBe('crm');
    expect(sectionFromHash('')).toBeUndefined();
    expect(sectionFromHash('#')).toBeUndefined();
    expect(sectionFromHash('#History')).toBeUndefined();
    expect(sectionFromHash('#history-title')).toBeUndefined();
    expect(sectionFromHash('#constructor')).toBeUndefined();
  });

  it('has a view and an English and Russian name for every section', () => {
    expect(Object.keys(SECTION_VIEWS).sort()).toEqual([...SECTION_IDS].sort());
    for (const language of ['en', 'ru'] as const) {
      const messages = catalogue(language);
      for (const id of SECTION_IDS) expect(messages[`section_${id}`]?.message, `${language} section_${id}`).toBeTruthy();
    }
  });
});

describe('one section per view', () => {
  it('opens on the quotas without a hash (a fresh install), marked current, the focus left alone', () => {
    render(<Page />);
    expect(view('quotas')?.hidden).toBe(false);
    expect(document.querySelectorAll('.view')).toHaveLength(1);
    expect(link('quotas').getAttribute('aria-current')).toBe('page');
    expect(SECTION_IDS.filter((id) => link(id).hasAttribute('aria-current'))).toEqual(['quotas']);
    expect(document.activeElement).toBe(document.body);
    expect(document.title).toBe('Quotas · Quota Radar');
  });

  it('opens the section a link names (options.html#history)', () => {
    window.history.replaceState(null, '', '/options.html#history');
    render(<Page />);
    expect(view('history')?.hidden).toBe(false);
    expect(view('quotas')).toBeNull();
    expect(link('history').getAttribute('aria-current')).toBe('page');
  });

  it('follows the hash, moves the focus to the new heading and keeps a visited section’s draft', async () => {
    render(<Page />);
    fireEvent.change(screen.getByLabelText('quotas draft'), { target: { value: 'typed, not saved' } });

    await goTo('#history');
    expect(view('history')?.hidden).toBe(false);
    expect(view('quotas')?.hidden).toBe(true);
    expect(link('history').getAttribute('aria-current')).toBe('page');
    expect(link('quotas').hasAttribute('aria-current')).toBe(false);
    expect(document.activeElement).toBe(screen.getByText('history heading'));
    expect(document.title).toBe('History · Quota Radar');

    await goTo('#quotas');
    expect(view('quotas')?.hidden).toBe(false);
    expect((screen.getByLabelText('quotas draft') as HTMLInputElement).value).toBe('typed, not saved');
  });

  it('keeps the section for an anchor that names none, and goes back to the quotas when the hash is emptied', async () => {
    render(<Page />);
    await goTo('#data');
    await goTo('#data-title');
    expect(view('data')?.hidden).toBe(false);
    await goTo('');
    expect(view('quotas')?.hidden).toBe(false);
  });

  it('moves with the browser’s back and forward', async () => {
    render(<Page />);
    await goTo('#calendar');
    await goTo('#reports');
    await act(async () => {
      window.history.back();
      await new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
    });
    expect(view('calendar')?.hidden).toBe(false);
    expect(view('reports')?.hidden).toBe(true);
    await act(async () => {
      window.history.forward();
      await new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
    });
    expect(view('reports')?.hidden).toBe(false);
  });
});

describe('the options page', () => {
  beforeEach(() => {
    send.mockReset();
    send.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'settings/get')
        return { settings: defaultSettings('UTC'), quotas: defaultQuotas(), accounts: [], trackingStart: 0 };
      if (request.type === 'ui/get') return true;
      throw new Error(`unexpected ${request.type}`);
    });
  });

  it('shows only the section in the URL, in Russian too', async () => {
    speak('ru');
    window.history.replaceState(null, '', '/options.html#privacy');
    render(<App />);
    const heading = await screen.findByRole('heading', { level: 2, name: catalogue('ru').section_privacy!.message });
    expect(heading.closest('.view')?.getAttribute('data-view')).toBe('privacy');
    expect(screen.queryByTestId('save-quotas')).toBeNull();
    const current = screen.getByRole('link', { current: 'page' });
    expect(current.textContent).toBe(catalogue('ru').section_privacy!.message);
    await waitFor(() => expect(document.title).toBe(`${catalogue('ru').section_privacy!.message} · Quota Radar`));
  });
});
