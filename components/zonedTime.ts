/** Dates and times in the settings' zone: they live in lib/format/zoned-time.ts, shared with lib/entry-form.ts. */
export { fromZonedInput, toZonedInput, zonedDayEnd, zonedDayStart } from '@/lib/format/zoned-time';
