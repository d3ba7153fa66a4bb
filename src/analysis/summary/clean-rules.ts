/**
 * The boilerplate that feeds carry in item bodies, as a table of rules. Each rule looks at one
 * paragraph (a line of htmlToText output). Rules are anchored and length-capped on purpose:
 * boilerplate is short and sits at a paragraph's start or end, so a long paragraph of real
 * prose is never dropped because it happens to mention "follow", "photo" or "source".
 */
export type CleanRuleKind =
  /** Drops the whole paragraph. */
  | 'line'
  /** Drops a heading ("Most popular") and the headline-like paragraphs listed under it. */
  | 'block'
  /** Cuts the match out of the paragraph (credits, "The post … appeared first on …"). */
  | 'strip'
  /** Only at the start of the text: drops a dateline-only paragraph or cuts a date prefix. */
  | 'lead';

export interface CleanRule {
  id: string;
  kind: CleanRuleKind;
  /** A regex (strip/lead: the part to cut) or a predicate on the whole paragraph. */
  match: RegExp | ((paragraph: string) => boolean);
  /** Paragraphs longer than this (in UTF-16 units) are left alone by line and block rules. */
  maxLength?: number;
  /**
   * A call to action that may open a paragraph of real sentences: drop the paragraph only when
   * it is one sentence, and leave longer ones to the summarizer, which skips the sentence.
   */
  single?: boolean;
  /** block: how many headline-like paragraphs after the heading go with it. */
  follow?: number;
  /** strip: a substring the paragraph must hold for the regex to be tried (a cheap pre-check). */
  hint?: string;
  /** strip: what the match becomes ('' unless given). */
  replacement?: string | ((match: string, ...groups: string[]) => string);
}

// Social networks and share targets as they appear in share-button rows.
const NETS = 'facebook|twitter|x|linkedin|whatsapp|e-?mail|print|telegram|reddit|pinterest|weibo|wechat|qq|copy link|messenger|flipboard|tumblr|instagram|youtube|tiktok';
// One capitalized name word: "Jane", "O'Neil", "JANE", "Jean-Luc", "J.".
const NAME = "\\p{Lu}[\\p{L}'’.\\-]*";
const NAMES = `${NAME}(?:\\s+${NAME}){0,3}(?:\\s*(?:,|and|&)\\s*${NAME}(?:\\s+${NAME}){0,3})*`;
// "By March, …", "By Monday …", "By The end …" are prose, not bylines.
// Names are capitalized, so these are too; the rule is case-sensitive for the same reason.
const NOT_A_NAME = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|The|This|That|These|Then|Now|End|Mid|Early|Late|Next|Last|Contrast|Comparison|Default|Design|Law|Order|Way|Far|Most|All|Some|Its|Their|Our)';
const AGENCIES = "xinhua(?: news agency)?|reuters|afp|ap|associated press|bloomberg|china daily|chinadaily\\.com\\.cn|cgtn|global times|ecns|chinanews|people'?s daily(?: online)?|ians|pti|新华社|中新社|人民网";
const READ_ALSO = 'also read|read also|read more|more to read|related(?: articles?| stories| news| reading| content| posts?| links?)?|see also|recommended(?: reading| for you)?|you may also like|you might also like|read next|more on this(?: topic| story)?|further reading';
const ZH_READ_ALSO = '延伸阅读|相关阅读|推荐阅读|相关新闻|相关文章|相关链接|往期回顾|往期推荐|热门推荐|猜你喜欢';

export const CLEAN_RULES: readonly CleanRule[] = [
  // --- cut out of a paragraph (a paragraph that was only a credit ends up empty and goes)
  { id: 'wordpress-post', kind: 'strip', hint: ' appeared first on ', match: /The post .{1,300}? appeared first on .{1,200}$/ },
  { id: 'continue-reading', kind: 'strip', replacement: '$1', match: /(^|[.!?…"”’)\]])\s*(?:continue reading|keep reading|read more|read the (?:full|rest of the) (?:story|article|post))\b.{0,100}$/i },
  { id: 'zh-read-full', kind: 'strip', replacement: '$1', match: /(^|[。！？”])\s*[>»▶]*\s*(?:点击)?(?:阅读全文|查看全文|阅读原文|查看原文)\s*[>»→]*$/ },
  // "[…]" closing a teaser: the text was cut, so keep an honest ellipsis instead of the marker.
  { id: 'teaser-marker', kind: 'strip', hint: ']', replacement: (_m, end) => end || '…', match: /([.!?。！？"”’])?\s*\[(?:…|\.{3})\]$/ },
  { id: 'photo-credit-inline', kind: 'strip', match: /[[【(（](?:(?:photos?|images?|pictures?|file photo|video|图|图片|摄影|供图)(?:\s*[/:：|]|\s+(?:by|provided|courtesy|credit|source|taken)\b|(?=[\]】)）]))|(?:xinhua|reuters|afp|ap|vcg|cfp|ic|cnsphoto|getty images)\/)[^\]】)）]{0,80}[\]】)）]/gi },
  { id: 'reporter-credit-inline', kind: 'strip', match: /[(（](?=[^()（）]{0,80}\b(?:reporters?|correspondents?|contributed|contributing|reporting)\b)[^()（）]{1,80}[)）]$/i },
  { id: 'zh-credit-inline', kind: 'strip', match: /[(（](?:记者|通讯员|责任编辑|责编|编辑|来源|作者|图片来源|图源|摄影)[^()（）]{0,30}[)）]/g },

  // --- whole paragraphs
  { id: 'share-row', kind: 'line', maxLength: 200, match: new RegExp(`^(?:share(?: this(?: article| story| post| page)?| on| via)?\\s*[:：]?(?:\\s*[,|·•/]?\\s*(?:${NETS})\\b)*\\s*$|(?:(?:${NETS})(?:[\\s,|·•/]+|$)){2,}$)`, 'i') },
  { id: 'follow-us', kind: 'line', single: true, maxLength: 160, match: new RegExp(`^(?:(?:follow|like) us\\b|follow @\\S+|follow [^.!?]{1,40}? on (?:${NETS})\\b)`, 'i') },
  { id: 'read-also', kind: 'line', single: true, maxLength: 250, match: new RegExp(`^[[【]?(?:${READ_ALSO})[\\]】]?\\s*[:：\\-–—»›>|]\\s*\\S`, 'i') },
  { id: 'read-also-heading', kind: 'block', follow: 3, maxLength: 40, match: new RegExp(`^[[【]?(?:${READ_ALSO})[\\]】]?\\s*[:：]?$`, 'i') },
  { id: 'zh-read-also', kind: 'line', maxLength: 200, match: new RegExp(`^[[【]?(?:${ZH_READ_ALSO})[\\]】]?\\s*[:：|丨]\\s*\\S`) },
  { id: 'zh-read-also-heading', kind: 'block', follow: 5, maxLength: 20, match: new RegExp(`^[[【]?(?:${ZH_READ_ALSO})[\\]】]?\\s*[:：]?$`) },
  { id: 'most-popular', kind: 'block', follow: 10, maxLength: 40, match: /^(?:most (?:popular|read|viewed|shared|commented)|trending(?: now| stories| news| topics)?|popular (?:posts|stories|news|articles)|top stories|editor'?s picks|latest (?:news|stories|posts)|more (?:stories|news)|hot (?:news|topics)|热门(?:文章|新闻)?|热点推荐)\s*[:：]?$/i },
  { id: 'newsletter', kind: 'line', single: true, maxLength: 200, match: /^(?:subscribe|sign up|sign-up|signup)\b|^(?:get|join|receive) our (?:free )?(?:daily |weekly )?newsletter|^newsletter$/i },
  { id: 'fill-form', kind: 'line', single: true, maxLength: 250, match: /^please (?:fill (?:out|in)|complete|submit) (?:the |this |our )?(?:form|details)\b/i },
  { id: 'click-here', kind: 'line', single: true, maxLength: 250, match: /^(?:please )?(?:click|tap) (?:here|the (?:link|button) below)\b/i },
  { id: 'advertisement', kind: 'line', maxLength: 40, match: /^(?:advertisement|advertising|sponsored(?: content)?|story continues below(?: advertisement)?|scroll to continue(?: with content)?|广告)$/i },
  { id: 'page-chrome', kind: 'line', maxLength: 40, match: /^(?:message us|contact us|send (?:inquiry|message|us a message)|get a quote|leave a message|print(?: this)?(?: article| page)?|comments?|\d+ comments?|views?\s*[:：]?\s*[\d,]+|[\d,]+ views|back to top|skip to (?:main )?content|返回顶部)$/i },
  { id: 'byline', kind: 'line', maxLength: 120, match: new RegExp(`^(?:By|BY)\\s+(?!${NOT_A_NAME}\\b)(?:(?:staff|special|senior|our)\\s+)?(?:(?:reporter|correspondent|writer)s?\\s+)?${NAMES}(?:\\s*(?:[|,/\\-–—]|\\bin\\b)\\s*[^!?]{1,80})?(?<![.!?])$`, 'u') },
  { id: 'reporter-credit', kind: 'line', maxLength: 80, match: new RegExp(`^(?:(?:[Cc]over|[Ss]taff|[Ss]enior|[Ss]pecial|[Cc]hief|[Oo]ur|[Ll]ead|[Ff]reelance|[Xx]inhua|CGTN|China Daily|Global Times)\\s+)?(?:[Rr]eporters?|[Cc]orrespondents?|[Jj]ournalists?|[Ss]taff [Ww]riters?)\\s*(?:[:：]\\s*)?${NAMES}$`, 'u') },
  { id: 'credit-by', kind: 'line', maxLength: 200, match: /^(?:written|edited|reported|compiled|translated|reviewed|produced|additional reporting)\s+by\b/i },
  { id: 'credit-label', kind: 'line', maxLength: 100, match: /^(?:source|sources|editor|editors|author|authors|writer|reporter|reporters|translator|proofreader|photographer|contributor)\s*[:：]\s*\S.{0,80}(?<![.!?])$/i },
  { id: 'agency-line', kind: 'line', maxLength: 40, match: new RegExp(`^[-—–\\s]*(?:${AGENCIES})\\s*[-—–]*$`, 'i') },
  { id: 'photo-credit', kind: 'line', maxLength: 250, match: /^[[(]?(?:photos?|images?|pictures?|video|graphics?|illustrations?|file photo|photo illustration|top photo|cover photo|photo credit|image credit|image source|picture credit|credit|courtesy)(?:\s+(?:credit|courtesy|source))?(?:\s*[:：/|]|\s+(?:by|courtesy)\b|[\])]?\.?$)/i },
  { id: 'stock-credit', kind: 'line', maxLength: 60, match: /^(?:getty images|shutterstock|istock(?:photo)?|vcg|visual china group|imaginechina|ic photo|unsplash)(?:\s*[/|].{0,40})?$/i },
  { id: 'copyright', kind: 'line', maxLength: 250, match: /^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b|^版权所有|^版权归.{0,20}所有/i },
  { id: 'zh-follow', kind: 'line', maxLength: 100, match: /^[\s▲▼👇↓·*【[]*(?:欢迎)?(?:关注我们|扫码关注|扫描二维码|长按(?:识别)?二维码|关注公众号|点击关注|关注.{0,12}(?:公众号|微信号|视频号))/u },
  { id: 'zh-click', kind: 'line', maxLength: 100, match: /^[\s▲▼👇↓·*【[>]*点击(?:阅读|查看|这里|此处|下方|上方|蓝字|图片|链接|进入)/u },
  { id: 'zh-editor', kind: 'line', maxLength: 60, match: /^[【[（(]?(?:责任编辑|责编|编辑|审核|校对|终审|监制|统筹|策划|撰文|编译|作者|记者|通讯员|实习生|文|图|文图|摄影|视频|制图)\s*[:：|丨/]\s*[^。！？]{0,40}$/ },
  { id: 'zh-source', kind: 'line', maxLength: 150, match: /^[【[（(]?(?:来源|信息来源|稿件来源|消息来源|出处|原标题|原文标题|图片来源|图源|转自|转载自)\s*[:：|丨]/ },
  { id: 'zh-disclaimer', kind: 'line', match: /^[【[（(]?(?:免责声明|版权声明|特别声明)\s*[:：】\]]/ },
  { id: 'zh-from', kind: 'line', maxLength: 200, match: /^(?:本文(?:来自|来源于|转载自|转自|系|由)|转载请注明|未经授权.{0,10}(?:转载|使用)|文章来源)/ },
  { id: 'zh-photo', kind: 'line', maxLength: 40, match: /^[（(]?(?:(?:新华社|本报|人民网|中新社|中新网)?(?:特约)?(?:记者|通讯员)\s*[^\s。！？]{1,12}(?:\s+[^\s。！？]{1,12})*\s*摄|[^\s。！？]{1,20}\s+摄)[）)]?$/ },

  // --- only at the start of the text
  { id: 'lead-date-prefix', kind: 'lead', match: /^(?:date|updated|published|posted)\s*[:：]?\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+/i },
  { id: 'lead-dateline', kind: 'lead', match: isDatelineOnly },
];

const PLACE_PREFIX = /^[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2},/;
const AGENCY_TAG = /\((?:xinhua|reuters|ap|afp|tdi|ians|pti|china daily|cgtn)\)/gi;
const DATE_PARTS = /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?|\b(?:a\.m\.|p\.m\.|am|pm|gmt|utc|cst|bjt|edt|est|pst)\b|\b(?:date|updated?|published|posted|time)\b|发布时间|更新时间|时间|日期|[年月日号时分\d\s,./\-:+|–—：]/gi;

/** A paragraph that is only a date (and maybe a place and an agency): "BEIJING, March 9 (Xinhua) --", "Oct.2023 19". */
export function isDatelineOnly(paragraph: string): boolean {
  if (paragraph.length > 60 || !/\d/.test(paragraph)) return false;
  return paragraph.replace(PLACE_PREFIX, '').replace(AGENCY_TAG, '').replace(DATE_PARTS, '') === '';
}
