/** A feed as the worker knows it: config (or an admin) defines it, the store keeps its health. */
export interface FeedDefinition {
  id: string;
  name: string;
  /** An absolute http(s):// or file:// URL. */
  url: string;
  /** Poll interval in milliseconds. */
  intervalMs: number;
  enabled: boolean;
  /** Config feeds are the operator's; feeds added from chat are fetched with private addresses refused. */
  origin?: 'config' | 'admin';
}
