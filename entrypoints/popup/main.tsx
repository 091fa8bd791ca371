import type { EarlyProgress } from '@/lib/kept-progress';
// The popup's one stylesheet, the theme included (@import): render-blocking, so the fewer files the sooner the first frame.
import './style.css';

// The popup's first script (popup-first-paint.js, see first-paint.ts) reads the kept progress,
// paints it, and once that frame is out asks for the current one. This module runs meanwhile, so it
// only waits: React (the popup's largest script) and the rest of the page's set-up (mount.tsx) load
// after that frame too. Without the first script, React asks for itself.
async function mountAfterFirstFrame(root: HTMLElement): Promise<void> {
  const started = globalThis.quotaRadarFirstPaint;
  let early: EarlyProgress | undefined;
  if (started) {
    early = { kept: started.painted, keptNow: await started.painted.catch(() => undefined), first: started.first };
    await started.shown.catch(() => undefined);
  }
  const { mount } = await import('./mount');
  mount(root, early);
}

void mountAfterFirstFrame(document.getElementById('root')!);
