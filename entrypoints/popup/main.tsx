import { installTheme } from '@/components/theme';
import { type EarlyProgress, paintKept, readKeptProgress, requestProgressEarly } from './first-paint';
import './style.css';

// Before React (the popup's largest script) loads: read the progress the background kept and paint
// it, marked as updating, and ask for the current one, which starts a stopped background meanwhile.
installTheme();
const root = document.getElementById('root')!;
const first = requestProgressEarly();
// Handled by whoever awaits it; not an unhandled rejection if React has not mounted yet.
first.catch(() => undefined);
const early: EarlyProgress = { kept: readKeptProgress(), first };
void early.kept.then((kept) => {
  early.keptNow = kept;
  if (kept) paintKept(root, kept);
});
void import('./mount').then(({ mount }) => mount(root, early));
