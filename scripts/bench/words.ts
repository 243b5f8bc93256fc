/** Vocabulary for synthetic test names. Only the generator reads it. */

export const AREAS = [
  'billing',
  'orders',
  'auth',
  'search',
  'inventory',
  'notifications',
  'gateway',
  'catalog',
  'payments',
  'shipping',
  'accounts',
  'reporting',
] as const;

export const SUBAREAS = ['api', 'service', 'domain', 'store', 'client', 'jobs', 'util', 'events'];

export const NOUNS = [
  'Invoice',
  'Order',
  'Token',
  'Session',
  'Cart',
  'Price',
  'Discount',
  'Address',
  'Customer',
  'Refund',
  'Ledger',
  'Webhook',
  'Shipment',
  'Coupon',
  'Query',
  'Index',
  'Stock',
  'Warehouse',
  'Currency',
  'Tax',
  'Report',
  'Schedule',
  'Profile',
  'Permission',
  'Subscription',
  'Receipt',
  'Batch',
  'Export',
  'Import',
  'Cache',
];

export const ROLES = [
  'Service',
  'Repository',
  'Controller',
  'Mapper',
  'Validator',
  'Client',
  'Handler',
  'Calculator',
  'Parser',
  'Resolver',
  'Factory',
  'Listener',
  'Scheduler',
  'Serializer',
];

export const VERBS = [
  'create',
  'update',
  'delete',
  'reject',
  'accept',
  'parse',
  'render',
  'calculate',
  'retry',
  'expire',
  'refresh',
  'merge',
  'split',
  'round',
  'sort',
  'filter',
  'publish',
  'cancel',
  'restore',
  'validate',
];

export const CONDITIONS = [
  'when empty',
  'when expired',
  'for a new customer',
  'with a zero amount',
  'when the upstream times out',
  'after a retry',
  'with unicode input',
  'for duplicate ids',
  'when the cache is cold',
  'on the last day of the month',
  'with a partial refund',
  'when disabled',
  'under load',
  'with default settings',
];

export const PARAMS = [
  'utf-8',
  'latin-1',
  '0',
  '1',
  '-1',
  'None',
  'True-False',
  'en_US',
  'de_DE',
  'ja_JP',
  'small',
  'large',
  'sqlite',
  'postgres',
  'case3',
  '1-2-3',
  '2024-02-29',
];

export const JS_COMPONENTS = [
  'Button',
  'Modal',
  'Table',
  'Checkout',
  'SearchBox',
  'Toolbar',
  'DatePicker',
  'Avatar',
  'Sidebar',
  'Toast',
  'Pagination',
  'Form',
  'Dropdown',
  'Tabs',
  'Chart',
];

/** camelCase / PascalCase from words: `camel(['should', 'parse', 'date'])` = shouldParseDate. */
export function camel(words: readonly string[], pascal = false): string {
  return words
    .flatMap((w) => w.split(/[\s_-]+/))
    .filter((w) => w.length > 0)
    .map((w, i) => (i === 0 && !pascal ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
}

export function snake(words: readonly string[]): string {
  return words
    .flatMap((w) => w.split(/\s+/))
    .join('_')
    .toLowerCase();
}
