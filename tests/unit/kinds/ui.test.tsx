// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DataSection } from '../../../components/DataSection';
import { KindsEditor } from '../../../components/KindsEditor';
import { entryKinds, kindLabel, selectableKinds, sendKinds } from '../../../components/kindLabels';
import { conversionText } from '../../../components/Reports';
import { ACTIVITY_KINDS } from '../../../lib/activity';
import { backupJson } from '../../../lib/csv';
import type { CustomKind } from '../../../lib/kinds';
import { conversionOf } from '../../../lib/quota/report';
import { aManualCall } from '../../builders/activity';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

const visit: CustomKind = { id: 'custom:site-visit', names: { en: 'Site visit', ru: 'Выезд' }, oneClick: true, hidden: false };
const hidden: CustomKind = { id: 'custom:old', names: { en: 'Old' }, oneClick: false, hidden: true };
const archived: CustomKind = { id: 'custom:gone', names: { en: 'Gone' }, oneClick: false, hidden: true, archived: true };

beforeEach(() => {
  fakeBrowser.i18n.getMessage = ((key: string, subs?: string | string[]) =>
    key === 'locale' ? 'en' : [key, ...([] as string[]).concat(subs ?? [])].join('|')) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => 'en-US';
  send.mockReset();
});
afterEach(cleanup);

describe('kind words and lists', () => {
  it('names custom kinds by their definition, marks removed ones, falls back to the id', () => {
    expect(kindLabel('custom:site-visit', [visit])).toBe('Site visit');
    expect(kindLabel('custom:gone', [archived])).toBe('kindArchived|Gone');
    expect(kindLabel('custom:unknown', [visit])).toBe('custom:unknown');
    expect(kindLabel('demo')).toBe('kind_demo');
  });

  it('offers hidden and removed kinds only where already used', () => {
    expect(entryKinds([visit, hidden, archived])).toEqual([
      'call',
      'meeting',
      'opportunity',
      'deal',
      'work_report',
      'demo',
      'new_customer',
      'custom:site-visit',
    ]);
    expect(entryKinds([visit, hidden], 'custom:old')).toContain('custom:old');
    expect(selectableKinds(ACTIVITY_KINDS, [visit, hidden, archived])).toEqual([...ACTIVITY_KINDS, 'custom:site-visit']);
    expect(selectableKinds(ACTIVITY_KINDS, [visit, hidden, archived], ['custom:old'])).toEqual([
      ...ACTIVITY_KINDS,
      'custom:site-visit',
      'custom:old',
    ]);
  });

  it('parses the kinds answers on receipt: one that does not fit the protocol is refused', async () => {
    send.mockResolvedValueOnce([visit]);
    await expect(sendKinds({ type: 'kinds/list' })).resolves.toEqual([visit]);
    send.mockResolvedValueOnce([{ id: 'custom:Bad', names: {} }]);
    await expect(sendKinds({ type: 'kinds/list' })).rejects.toThrow(/does not fit the protocol/);
    send.mockResolvedValueOnce({ activities: -1, quotas: [] });
    await expect(sendKinds({ type: 'kinds/usage', id: 'custom:site-visit' })).rejects.toThrow(/does not fit/);
  });

  it('states the conversion with the kinds by name', () => {
    const c = conversionOf([{ kind: 'call' }, { kind: 'call' }, { kind: 'custom:site-visit' }, { kind: 'opportunity' }]);
    expect(conversionText(c, [visit])).toBe('conversionLine|kind_call: 2 + Site visit: 1|1|3|33.3');
  });
});

describe('KindsEditor', () => {
  function answer(routes: Record<string, unknown>) {
    send.mockImplementation(async (request: { type: string }) => {
      const value = routes[request.type];
      if (value instanceof Error) throw value;
      return typeof value === 'function' ? (value as (r: unknown) => unknown)(request) : value;
    });
  }

  it('adds a kind with its names and popup button', async () => {
    answer({ 'kinds/list': [], 'kinds/add': visit });
    render(<KindsEditor />);
    fireEvent.change(screen.getByTestId('kind-name-en'), { target: { value: ' Site visit ' } });
    fireEvent.change(screen.getByTestId('kind-name-ru'), { target: { value: 'Выезд' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('kind-add-button'));
    });
    expect(send).toHaveBeenCalledWith({ type: 'kinds/add', names: { en: 'Site visit', ru: 'Выезд' }, oneClick: true });
    expect(screen.getByTestId('kinds-status').textContent).toBe('kindAdded|Site visit');
  });

  it('refuses a kind without a name, sending nothing', async () => {
    answer({ 'kinds/list': [] });
    render(<KindsEditor />);
    await act(async () => {
      fireEvent.click(screen.getByTestId('kind-add-button'));
    });
    expect(screen.getByTestId('kinds-error').textContent).toBe('kindNameNeeded');
    expect(send.mock.calls.map(([r]) => r.type)).not.toContain('kinds/add');
  });

  it('removing a kind with activities asks what to do; deleting them asks a second time', async () => {
    answer({
      'kinds/list': [visit],
      'kinds/usage': { activities: 4, quotas: [] },
      'kinds/remove': { moved: 0, deleted: 4, archived: 0 },
    });
    render(<KindsEditor />);
    const row = await screen.findByTestId('kind-row');
    await act(async () => {
      fireEvent.click(within(row).getByTestId('kind-remove'));
    });
    const dialog = await screen.findByTestId('kind-remove-dialog');
    expect(dialog.textContent).toContain('kindRemoveWithActivities|Site visit|4');
    fireEvent.click(within(dialog).getByTestId('kind-remove-delete'));
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('kind-remove-confirm'));
    });
    // The first click only asks again: nothing was removed yet.
    expect(send.mock.calls.map(([r]) => r.type)).not.toContain('kinds/remove');
    await act(async () => {
      fireEvent.click(screen.getByTestId('kind-remove-delete-confirm'));
    });
    expect(send).toHaveBeenCalledWith({ type: 'kinds/remove', id: 'custom:site-visit', activities: 'delete', confirmDelete: true });
    expect(screen.getByTestId('kinds-status').textContent).toBe('kindRemovedDeleted|Site visit|4');
  });

  it('moving them sends the kind chosen', async () => {
    answer({
      'kinds/list': [visit],
      'kinds/usage': { activities: 2, quotas: [] },
      'kinds/remove': { moved: 2, deleted: 0, archived: 0 },
    });
    render(<KindsEditor />);
    const row = await screen.findByTestId('kind-row');
    await act(async () => {
      fireEvent.click(within(row).getByTestId('kind-remove'));
    });
    fireEvent.change(screen.getByTestId('kind-remove-move-to'), { target: { value: 'demo' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('kind-remove-confirm'));
    });
    expect(send).toHaveBeenCalledWith({ type: 'kinds/remove', id: 'custom:site-visit', activities: 'move', moveTo: 'demo' });
  });

  it('a kind a quota counts cannot go', async () => {
    answer({ 'kinds/list': [visit], 'kinds/usage': { activities: 2, quotas: ['Visits'] } });
    render(<KindsEditor />);
    const row = await screen.findByTestId('kind-row');
    await act(async () => {
      fireEvent.click(within(row).getByTestId('kind-remove'));
    });
    expect((await screen.findByTestId('kind-remove-dialog')).textContent).toContain('kindUsedByQuotas|Site visit|Visits');
    expect(screen.queryByTestId('kind-remove-confirm')).toBeNull();
  });
});

describe('DataSection: unknown kinds in an import', () => {
  async function choose(name: string, text: string) {
    const input = screen.getByTestId('import-file') as HTMLInputElement;
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File([text], name)] } });
    });
  }

  it('lists them with a Create choice, and imports only when each is to be created', async () => {
    const activities = [aManualCall({ kind: 'custom:site-visit' }), aManualCall()];
    send.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'kinds/list') return [];
      if (request.type === 'settings/get') return { trackingStart: 0 };
      if (request.type === 'activity/import-start') return { importId: 'import-1', kindsCreated: ['custom:site-visit'] };
      if (request.type === 'activity/import-rows') return { written: 2 };
      if (request.type === 'activity/import-finish') return { added: 2, updated: 0, skipped: 0, kindsCreated: ['custom:site-visit'] };
      throw new Error(`unexpected ${request.type}`);
    });
    render(<DataSection />);
    await choose('backup.json', backupJson(activities, [visit]));
    const unknown = await screen.findByTestId('import-unknown-kind');
    expect(unknown.textContent).toBe('importCreateKind|Site visit|custom:site-visit');
    const create = screen.getByTestId('import-create-kind') as HTMLInputElement;
    expect(create.checked).toBe(true);
    fireEvent.click(create);
    expect((screen.getByTestId('import-confirm') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(create);
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-confirm'));
    });
    // In chunks: the kinds to create go with the start, before any row.
    expect(send).toHaveBeenCalledWith({ type: 'activity/import-start', total: 2, kinds: [visit], createKinds: ['custom:site-visit'] });
    expect(send).toHaveBeenCalledWith({ type: 'activity/import-rows', importId: 'import-1', offset: 0, activities });
  });

  it('a file of known kinds asks nothing more', async () => {
    send.mockImplementation(async (request: { type: string }) =>
      request.type === 'kinds/list' ? [visit] : request.type === 'settings/get' ? { trackingStart: 0 } : undefined,
    );
    render(<DataSection />);
    await choose('backup.json', backupJson([aManualCall({ kind: 'custom:site-visit' })], [visit]));
    expect((await screen.findByTestId('import-preview')).textContent).toContain('Site visit: 1');
    expect(screen.queryByTestId('import-unknown-kinds')).toBeNull();
  });
});
