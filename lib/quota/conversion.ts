import type { Activity, ActivityKind } from '../activity';
import { isOutreachKind, OPPORTUNITY_KINDS, WON_KINDS } from '../kinds';
import { addExact, exactValue, mergeExact, type Partials } from './exact-sum';

/** What Reports show of sales and of the way from outreach to deals: won revenue, units, conversion. */

export interface WonSummary {
  /** Deals and new customers logged (each a sale). */
  sales: number;
  /** Amounts summed per currency, largest first; `currency` null for amounts logged without one. */
  revenue: { currency: string | null; amount: number }[];
  /** Units sold: the sum of the sales' units (a sale without units adds none). */
  units: number;
}

/**
 * The conversion rule: outreach is every counted activity except opportunities, deals, new customers
 * and work reports (the rep's own kinds are outreach); opportunities are opened; deals and new
 * customers are won. "150 calls + 200 emails + 50 social touches → 30 opportunities: 1 per 13.3
 * activities (7.5 %)".
 */
export interface Conversion {
  /** Outreach activities, in all and by kind. */
  activities: number;
  outreach: Partial<Record<ActivityKind, number>>;
  opportunities: number;
  /** Deals and new customers. */
  deals: number;
  /** Outreach activities per opportunity; null without opportunities. */
  perOpportunity: number | null;
  /** Opportunities per outreach activity (0.075 = 7.5 %); null without outreach. */
  opportunityRate: number | null;
  /** Opportunities per deal; null without deals. */
  perDeal: number | null;
  /** Deals per opportunity; null without opportunities. */
  dealRate: number | null;
}

/** Sales added up as Reports keep them: exact units and revenue per currency, with its first sale. */
export interface SalesParts {
  sales: number;
  units: Partials;
  revenue: { currency: string | null; first: number; amount: Partials }[];
}

/** Adds sales one at a time or as parts (a day's), exactly: the order of adding changes nothing. */
export class SalesTally {
  private sales = 0;
  private readonly units: Partials = [];
  private readonly revenue = new Map<string | null, { currency: string | null; first: number; amount: Partials }>();

  add(sale: Pick<Activity, 'amount' | 'currency' | 'units'> & { occurredAt?: number }): void {
    this.sales += 1;
    addExact(this.units, sale.units ?? 0);
    if (sale.amount !== undefined) this.addRevenue(sale.currency ?? null, sale.occurredAt ?? 0, [sale.amount]);
  }

  merge(parts: SalesParts): void {
    this.sales += parts.sales;
    mergeExact(this.units, parts.units);
    for (const { currency, first, amount } of parts.revenue) this.addRevenue(currency, first, amount);
  }

  parts(): SalesParts {
    return { sales: this.sales, units: this.units, revenue: [...this.revenue.values()] };
  }

  /** Revenue per currency, largest first (equal amounts: the currency sold in first). */
  summary(): WonSummary {
    return {
      sales: this.sales,
      revenue: [...this.revenue.values()]
        .map(({ currency, first, amount }) => ({ currency, first, amount: exactValue(amount) }))
        .sort((x, y) => y.amount - x.amount || x.first - y.first)
        .map(({ currency, amount }) => ({ currency, amount })),
      units: exactValue(this.units),
    };
  }

  private addRevenue(currency: string | null, first: number, amount: readonly number[]): void {
    let entry = this.revenue.get(currency);
    if (!entry) this.revenue.set(currency, (entry = { currency, first, amount: [] }));
    entry.first = Math.min(entry.first, first);
    mergeExact(entry.amount, amount);
  }
}

/** Won revenue and units of counted activities (already limited to the period). */
export function wonSummary(
  activities: readonly (Pick<Activity, 'kind' | 'amount' | 'currency' | 'units'> & { occurredAt?: number })[],
): WonSummary {
  const won = new Set<string>(WON_KINDS);
  const tally = new SalesTally();
  for (const a of activities) if (won.has(a.kind)) tally.add(a);
  return tally.summary();
}

/** The conversion from outreach to opportunities to deals, by the rule stated on `Conversion`. */
export function conversionOf(activities: readonly Pick<Activity, 'kind'>[]): Conversion {
  const byKind: Partial<Record<ActivityKind, number>> = {};
  for (const { kind } of activities) byKind[kind] = (byKind[kind] ?? 0) + 1;
  return conversionOfCounts(byKind);
}

/** The conversion of counted activities by kind. */
export function conversionOfCounts(byKind: Partial<Record<ActivityKind, number>>): Conversion {
  const opportunityKinds = new Set<string>(OPPORTUNITY_KINDS);
  const won = new Set<string>(WON_KINDS);
  const outreach: Conversion['outreach'] = {};
  let total = 0;
  let opportunities = 0;
  let deals = 0;
  for (const [kind, n] of Object.entries(byKind) as [ActivityKind, number][]) {
    if (opportunityKinds.has(kind)) opportunities += n;
    else if (won.has(kind)) deals += n;
    else if (isOutreachKind(kind)) {
      total += n;
      outreach[kind] = n;
    }
  }
  return {
    activities: total,
    outreach,
    opportunities,
    deals,
    perOpportunity: opportunities > 0 ? total / opportunities : null,
    opportunityRate: total > 0 ? opportunities / total : null,
    perDeal: deals > 0 ? opportunities / deals : null,
    dealRate: opportunities > 0 ? deals / opportunities : null,
  };
}
