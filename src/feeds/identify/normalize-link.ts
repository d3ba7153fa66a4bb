/**
 * A link reduced to what identifies the page: no tracking parameters, no fragment, no
 * default port, host in lower case, query sorted, scheme ignored (http and https of one
 * page are one page). Used for identity only; the link shown to people is the original.
 */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|msclkid|yclid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|igshid|ref_src|ref_url|cmpid|ncid|sr_share|spm|share|from|wt\.mc_id|wt\.[a-z_]+|ito|rss|feed|cid|ocid)$/i;

export function normalizeLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link.trim();
  }
  const params = [...url.searchParams.entries()].filter(([key]) => !TRACKING.test(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : '';
  return `${url.hostname.toLowerCase().replace(/^www\./, '')}${url.port ? `:${url.port}` : ''}${path}${query}`;
}
