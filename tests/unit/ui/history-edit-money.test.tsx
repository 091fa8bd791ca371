// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditRow } from '../../../components/HistoryEditRow';
import { aManualCall } from '../../builders/activity';
import { speak } from './locale';

/** History's edit row reads amounts and dates as the popup does (lib/entry-form.ts, issue 21.1 and 21.8). */
describe('History edit row', () => {
  beforeEach(() => speak('en'));
  afterEach(cleanup);

  function renderRow(onDone = vi.fn(async () => undefined)) {
    const deal = aManualCall({ kind: 'deal', amount: 12500.5, currency: 'USD', occurredAt: Date.now() - 3_600_000 });
    render(
      <table>
        <tbody>
          <EditRow activity={deal} timeZone="UTC" onDone={onDone} />
        </tbody>
      </table>,
    );
    return onDone;
  }

  it('shows the stored amount the way it reads back, and keeps it on save', () => {
    const onDone = renderRow();
    expect((screen.getByTestId('edit-amount') as HTMLInputElement).value).toBe('12,500.50');
    fireEvent.click(screen.getByTestId('edit-save'));
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ amount: 12500.5, currency: 'USD' }));
  });

  it('a currency typed into the amount is stored, not the field’s', () => {
    const onDone = renderRow();
    fireEvent.change(screen.getByTestId('edit-amount'), { target: { value: '€5,000' } });
    fireEvent.click(screen.getByTestId('edit-save'));
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ amount: 5000, currency: 'EUR' }));
  });

  it('refuses an ambiguous or huge amount and a date more than ten years back, with why', () => {
    const onDone = renderRow();
    const amount = screen.getByTestId('edit-amount');
    fireEvent.change(amount, { target: { value: '12.500' } });
    fireEvent.click(screen.getByTestId('edit-save'));
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(amount.getAttribute('aria-describedby')!)!.textContent).toBe(
      '“12.500” could be 12,500 or 12.50: type the one you mean.',
    );
    fireEvent.change(amount, { target: { value: '9999999999999999999999' } });
    fireEvent.click(screen.getByTestId('edit-save'));
    expect(document.getElementById(amount.getAttribute('aria-describedby')!)!.textContent).toBe('An amount is at most 1,000,000,000,000.');
    fireEvent.change(amount, { target: { value: '12,500' } });
    const when = screen.getByTestId('edit-when');
    fireEvent.change(when, { target: { value: '1999-05-01T10:00' } });
    fireEvent.click(screen.getByTestId('edit-save'));
    expect(document.getElementById(when.getAttribute('aria-describedby')!)!.textContent).toMatch(/^is more than ten years ago \(before /);
    expect(onDone).not.toHaveBeenCalled();
  });
});
