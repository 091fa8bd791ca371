/**
 * Money for the UI: reading and printing amounts lives in lib/format/money.ts, shared by the
 * popup, History, Reports and the background (issue 21.1: one parser, one printer).
 */
export { formatAmount, formatMeasure, localCurrency, parseAmount, parseMoney } from '@/lib/format/money';
