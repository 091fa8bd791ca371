import { installTheme } from '@/components/theme-colors';
import { declarePageLanguage } from '@/lib/i18n';
import type { EarlyProgress } from '@/lib/kept-progress';
import { paintKept, readKeptProgress, requestProgressEarly } from './first-paint';
import './style.css';

// Before React (the popup's largest script) loads: ask for the current progress, which starts a
// stopped background meanwhile, and paint the progress the background kept, marked as updating.
installTheme();
declarePageLanguage();
const root = document.getElementById('root')!;
const first = requestProgressEarly();
// Handled by whoever awaits it; not an unhandled rejection if React has not mounted yet.
first.catch(() => undefined);
const early: EarlyProgress = { kept: readKeptProgress(), first };
void early.kept
  .then(async (kept) => {
    early.keptNow = kept;
    if (!kept) return;
    paintKept(root, kept);
    // React's script is parsed on this same thread: let the kept numbers reach the screen first.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  })
  .finally(() => import('./mount').then(({ mount }) => mount(root, early)));
