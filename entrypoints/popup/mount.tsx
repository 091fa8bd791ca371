import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { installTheme } from '@/components/theme-colors';
import { declarePageLanguage } from '@/lib/i18n';
import type { EarlyProgress } from '@/lib/kept-progress';
import { App } from './App';

/** React's part of the popup, loaded after the first frame (see main.tsx). */
export function mount(root: HTMLElement, early?: EarlyProgress): void {
  // The kind colours (charts, legends) and the page's exact language: React's, not the first frame's.
  installTheme();
  declarePageLanguage();
  // React renders the kept numbers itself from its first render (useProgress) and replaces the plain
  // DOM ones only when it commits, in this same task: no frame between them shows an empty popup.
  const reactRoot = createRoot(root);
  flushSync(() => reactRoot.render(<App early={early} />));
}
