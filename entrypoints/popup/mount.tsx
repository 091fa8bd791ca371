import { createRoot } from 'react-dom/client';
import type { EarlyProgress } from '@/lib/kept-progress';
import { App } from './App';

/** React's part of the popup, loaded after the first frame (see main.tsx). */
export function mount(root: HTMLElement, early: EarlyProgress): void {
  // React replaces the kept numbers painted as plain DOM.
  root.replaceChildren();
  createRoot(root).render(<App early={early} />);
}
