// Writes lib/holidays/official-table.json from the installed date-holidays (npx vite-node scripts/holiday-table.ts,
// or through the unit test's instructions when it finds the table out of date).
import { readFileSync, writeFileSync } from 'node:fs';
import { buildHolidayTable } from '../lib/holidays/table-build';

const { version } = JSON.parse(readFileSync(new URL('../node_modules/date-holidays/package.json', import.meta.url), 'utf8'));
writeFileSync(new URL('../lib/holidays/official-table.json', import.meta.url), `${JSON.stringify(buildHolidayTable(version))}\n`);
