// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OfficialHolidays } from '../../../components/settings/OfficialHolidays';
import { speak } from './locale';

/** Issue 27, point 8: a year whose decree is not published says so, in the summary and in the note. */

beforeEach(() => speak('ru'));
afterEach(cleanup);

describe('OfficialHolidays (Russia)', () => {
  it('2026 names its decree; 2027 says its moved days are not yet published', () => {
    render(<OfficialHolidays country="RU" year={2026} onChange={vi.fn()} />);
    expect(screen.getByTestId('official-2026').textContent).toContain('№ 1466');
    expect(screen.queryByTestId('official-2026-pending')).toBeNull();
    expect(screen.getByTestId('official-2027-pending').textContent).toContain('переносы ещё не опубликованы');
    expect(screen.getByTestId('official-2027').textContent).toContain(
      'Постановление о переносе выходных дней в 2027 году ещё не опубликовано',
    );
  });
});
