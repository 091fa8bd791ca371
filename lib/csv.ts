/**
 * Export and import of activities (CSV and JSON backups). The parts live in lib/backup/: columns
 * and safe cells, writing, reading a CSV, reading any import file; this module is their public
 * face, so importers keep one path.
 */
export { CSV_COLUMNS, type CsvStyle, protectCell, unprotectCell, usesDecimalComma } from './backup/columns';
export { csvToActivities } from './backup/read-csv';
export { decodeActivitiesFile, type ImportPreview, jsonToActivities, parseActivitiesFile, previewOf } from './backup/read-file';
export type { ImportProblem, ParseResult } from './backup/result';
export { activitiesToCsv, BACKUP_FORMAT, backupJson, toCsv } from './backup/write';
