/**
 * Feed items written to make a chat message ping, link or format where it should not: the
 * mention, link and markup syntaxes of Discord and Slack, invisible characters that split a
 * mention past a filter, bidi overrides, dangerous link schemes, oversized and broken text.
 * Most titles name an ICT subject so that the shipped topic pack matches them and the topic
 * fields of a message carry feed text too.
 */
export interface AdversarialItem {
  name: string;
  title: string;
  /** The item's body (HTML allowed, as in a feed's description). */
  description: string;
  link?: string;
  /** Other feeds' reports of the same story, as the outbox adds them. */
  alsoFrom?: Array<{ feed: string; link: string | null }>;
}

const ID = '123456789012345678';

export const ADVERSARIAL_FEED_NAME = 'Wire @everyone <!channel> <@&123456789012345678> *Daily* [x](https://evil.example/feed)';

export const ADVERSARIAL: AdversarialItem[] = [
  { name: 'mass mentions', title: '5G rollout reaches the suburbs @everyone @here', description: 'Operators told @everyone to upgrade; @here is where 5G starts.', link: 'https://news.example/5g-suburbs' },
  { name: 'Discord user, role and channel mentions', title: `Fibre build led by <@${ID}> and <@!${ID}>`, description: `Ping <@&${ID}> in <#${ID}> about the fibre build.`, link: 'https://news.example/fibre' },
  { name: 'Discord command, emoji and timestamp syntax', title: `Run </radar-admin feed add:${ID}> now <:pepe:${ID}> <t:0:R>`, description: `<a:party:${ID}> cloud launch <id:customize> <sound:${ID}:${ID}>`, link: 'https://news.example/cmd' },
  { name: 'Slack broadcast and group mentions', title: 'Cloud outage <!channel> <!here> <!everyone>', description: 'Contact <!subteam^S123ABC> or <@U123ABC> in <#C123ABC|general> about the cloud outage.', link: 'https://news.example/outage' },
  { name: 'Slack link syntax', title: 'Read <https://evil.example|the official 5G notice>', description: 'Details at <https://evil.example/steal|the vendor portal> today.', link: 'https://news.example/notice' },
  { name: 'markdown and bare links', title: '[Security advisory](https://evil.example/a) for routers', description: 'See [the patch](https://evil.example/p), <https://evil.example/raw>, https://evil.example/bare and www.evil.example/x.', link: 'https://news.example/advisory' },
  { name: 'masked link that looks trusted', title: '[https://news.example/safe](https://evil.example/phish "news.example")', description: '[https://news.example](https://evil.example) ftp://evil.example/file', link: 'https://news.example/masked' },
  { name: 'Discord markup', title: '**Breaking** __news__ ~~old~~ `rm -rf` ||spoiler|| about 5G', description: '```js\nalert(1)\n```\n> quoted claim\n# Big heading\n## Smaller\n-# small print\n- list item\n+ plus item\n1. numbered\n>>> rest is quoted', link: 'https://news.example/markup' },
  { name: 'Slack markup', title: '*Bold claim* _italic_ ~struck~ `code` on Wi-Fi 7', description: '*all* _of_ ~it~ ```block``` and &gt; an entity quote', link: 'https://news.example/slack-markup' },
  { name: 'zero-width characters splitting mentions', title: '@every\u200Bone and @he\u2060re get \uFEFF5G news', description: '<\u200B@123456789012345678> <!chan\u200Bnel> <\u2060!here> @\u200Beveryone', link: 'https://news.example/zw' },
  { name: 'right-to-left overrides', title: 'Invoice \u202Egpj.exe\u202C from a 5G vendor', description: 'Open \u202Eelpmaxe.live//:sptth\u202C or \u2067https://evil.example\u2069 now', link: 'https://news.example/rtl' },
  { name: 'javascript: item link', title: 'Harmless-looking 5G link', description: 'Click the title.', link: 'javascript:alert(document.cookie)' },
  { name: 'data: item link', title: 'Data link on the satellite story', description: 'Click the title.', link: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
  { name: 'disguised scheme links', title: 'Mixed-case scheme for the IoT story', description: 'Click.', link: ' JaVaScRiPt:alert(1)' },
  { name: 'link with markup characters', title: 'A link that closes early on the cloud story', description: 'Look at the link.', link: 'https://news.example/a)[evil](https://evil.example/b|<!channel>' },
  { name: 'HTML with scripts and handlers', title: '<b onclick="alert(1)">Bold</b> 5G <script>alert(1)</script>', description: '<a href="javascript:alert(1)">click</a><img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe> the body text', link: 'https://news.example/html' },
  { name: 'entities that decode to markup', title: 'AT&amp;T &lt;!channel&gt; &#64;everyone &#x3C;@U1&#x3E; 5G', description: '&lt;https://evil.example|x&gt; &#42;&#42;bold&#42;&#42; &amp;amp;', link: 'https://news.example/entities' },
  { name: 'line breaks that start block markup', title: 'Line one about 5G\n> quoted\n# heading\n- list', description: 'para\n\n> quote\n\n```\ncode\n```', link: 'https://news.example/lines' },
  { name: 'overlong text', title: 'Long title about 5G spectrum '.repeat(3_500), description: 'Spectrum auction news for 5G operators. '.repeat(26_000), link: 'https://news.example/long' },
  { name: 'lone surrogates', title: 'Broken \uD800 surrogate \uDC00 text on 5G', description: 'lone \uDBFF high and \uDFFF low halves in the body', link: 'https://news.example/surrogates' },
  {
    name: 'other feeds with hostile names and links',
    title: 'Quantum key distribution link opens',
    description: 'A QKD link opened between two cities.',
    link: 'https://news.example/qkd',
    alsoFrom: [
      { feed: '@here Wire <@&123456789012345678>', link: 'javascript:alert(1)' },
      { feed: '[Other](https://evil.example) *Wire*', link: 'https://other.example/story(1)][x](https://evil.example' },
      { feed: 'Plain Wire', link: null },
    ],
  },
];
