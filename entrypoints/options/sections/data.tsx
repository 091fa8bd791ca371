import { DataSection } from '@/components/DataSection';

/** Export, import and deleting everything. */
export function DataSectionView() {
  return <DataSection />;
}
