import { KindsEditor } from '@/components/KindsEditor';

/** The rep's own kinds of activity (they keep their own store: no settings passed). */
export function KindsSection() {
  return <KindsEditor />;
}
