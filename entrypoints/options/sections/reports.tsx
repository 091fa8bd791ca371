import { Reports } from '@/components/Reports';

/** The period report, printable. */
export function ReportsSection() {
  return <Reports />;
}
