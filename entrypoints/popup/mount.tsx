import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { EarlyProgress } from '@/lib/kept-progress';
import { App } from './App';

/** React's part of the popup, loaded after the first frame (see main.tsx). */
export function mount(root: HTMLElement, early: EarlyProgress): void {
  // React renders the kept numbers itself from its first render (useProgress) and replaces the plain
  // DOM ones only when it commits, in this same task: no frame between them shows an empty popup.
  const reactRoot = createRoot(root);
  flushSync(() => reactRoot.render(<App early={early} />));
}
