/** The five quotas every benchmark measures: the seed's three monthly ones, unique people a week, revenue a quarter. */
export const BENCH_QUOTAS = [
  { id: 'calls', name: 'Calls', kinds: ['call'], target: 150, period: 'month', measure: 'count', excludeInternal: false },
  { id: 'emails', name: 'Emails', kinds: ['email'], target: 200, period: 'month', measure: 'count', excludeInternal: true },
  {
    id: 'social',
    name: 'Social',
    kinds: ['linkedin_message', 'linkedin_invite', 'social_touch'],
    target: 50,
    period: 'month',
    measure: 'count',
    excludeInternal: false,
  },
  {
    id: 'people',
    name: 'People',
    kinds: ['email', 'call'],
    target: 100,
    period: 'week',
    measure: 'unique_recipients',
    excludeInternal: true,
  },
  {
    id: 'revenue',
    name: 'Revenue',
    kinds: ['deal'],
    target: 50000,
    period: 'quarter',
    measure: 'sum',
    excludeInternal: false,
    currency: 'USD',
  },
];
