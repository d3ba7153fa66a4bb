import { describe, expect, it } from 'vitest';
import { CLEAN_RULES, cleanText } from '../../src/analysis/summary/clean-text.js';

// Fixtures are written for these tests: ICT news in our own words.
const LEAD = 'Operators in Wuhan switched on 1,200 new 5G-Advanced sites this quarter, the provincial regulator said.';
const TAIL = 'The city plans to link 3,000 factories to industrial internet platforms by 2026.';
const around = (boilerplate: string) => [LEAD, boilerplate, TAIL].join('\n');
const kept = [LEAD, TAIL].join('\n');

interface Positive {
  id: string;
  input: string;
  expected: string;
}

// Each rule with boilerplate it removes. Most sit between two real paragraphs, which must stay.
const POSITIVE: Positive[] = [
  { id: 'wordpress-post', input: `${LEAD}\nThe post Wuhan lights up 5G-A sites appeared first on Example Telecom Daily.`, expected: LEAD },
  { id: 'wordpress-post', input: `${LEAD} The post Wuhan lights up 5G-A sites appeared first on Example Telecom Daily.`, expected: LEAD },
  { id: 'continue-reading', input: 'The new data center in Wuhan will host 20,000 racks. Continue reading…', expected: 'The new data center in Wuhan will host 20,000 racks.' },
  { id: 'continue-reading', input: around('Read the full story'), expected: kept },
  { id: 'zh-read-full', input: '武汉新建的数据中心将容纳两万个机架。阅读全文', expected: '武汉新建的数据中心将容纳两万个机架。' },
  { id: 'teaser-marker', input: 'The Wuxi expo will show sensor makers from 40 countries and [...]', expected: 'The Wuxi expo will show sensor makers from 40 countries and…' },
  { id: 'teaser-marker', input: 'The Wuxi expo will show sensor makers from 40 countries. […]', expected: 'The Wuxi expo will show sensor makers from 40 countries.' },
  { id: 'photo-credit-inline', input: 'A technician tests a rooftop 5G antenna in Wuhan on Monday. [Photo/Xinhua]', expected: 'A technician tests a rooftop 5G antenna in Wuhan on Monday.' },
  { id: 'photo-credit-inline', input: 'Visitors try a smart-factory demo in Wuxi (Photo provided to example.com.cn) on the first day.', expected: 'Visitors try a smart-factory demo in Wuxi on the first day.' },
  { id: 'reporter-credit-inline', input: `${TAIL} (Jiangsu correspondent desk)`, expected: TAIL },
  { id: 'zh-credit-inline', input: '工人在武汉检查5G基站。（记者 王明 摄）', expected: '工人在武汉检查5G基站。' },
  { id: 'share-row', input: around('Share this: Facebook Twitter LinkedIn WhatsApp'), expected: kept },
  { id: 'share-row', input: around('Facebook | X | Email'), expected: kept },
  { id: 'follow-us', input: around('Follow us on LinkedIn for more telecom news'), expected: kept },
  { id: 'follow-us', input: around('Follow @ictdesk on X'), expected: kept },
  { id: 'follow-us', input: around('Follow us at example.com for more telecom news.'), expected: kept },
  { id: 'read-also', input: around('Also Read: Wuxi expo draws a record crowd'), expected: kept },
  { id: 'read-also', input: around('Related: Data center power use in focus'), expected: kept },
  { id: 'read-also-heading', input: around('READ MORE\nChengdu hosts a 6G forum'), expected: kept },
  { id: 'zh-read-also', input: '成都将举办6G论坛。\n延伸阅读：无锡物联网博览会开幕', expected: '成都将举办6G论坛。' },
  { id: 'zh-read-also-heading', input: '成都将举办6G论坛。\n相关阅读\n无锡物联网博览会开幕\n武汉算力中心投用\n会议为期三天。', expected: '成都将举办6G论坛。\n会议为期三天。' },
  { id: 'most-popular', input: around('Most Popular\nChip exports climb\nSatellite internet trial ends'), expected: kept },
  { id: 'most-popular', input: `${LEAD}\nTrending now\nQuantum link tested in Hefei`, expected: LEAD },
  { id: 'newsletter', input: around('Subscribe to our newsletter for weekly ICT briefings'), expected: kept },
  { id: 'newsletter', input: around('Sign up for our free daily digest'), expected: kept },
  { id: 'fill-form', input: around('Please fill out the form below to request a quote'), expected: kept },
  { id: 'click-here', input: around('Click here to download the white paper'), expected: kept },
  { id: 'advertisement', input: around('ADVERTISEMENT'), expected: kept },
  { id: 'page-chrome', input: around('Message Us'), expected: kept },
  { id: 'page-chrome', input: around('Views: 1,024'), expected: kept },
  { id: 'byline', input: `By Jane Doe\n${LEAD}`, expected: LEAD },
  { id: 'byline', input: around('By LI MING in Chengdu'), expected: kept },
  { id: 'byline', input: around('By staff reporter Zhang Wei'), expected: kept },
  { id: 'byline', input: around('By Jane Doe and John Roe | Example Daily'), expected: kept },
  { id: 'reporter-credit', input: `Staff reporter Li Wen\n${LEAD}`, expected: LEAD },
  { id: 'reporter-credit', input: around('Reporter: Zhang Wei'), expected: kept },
  { id: 'credit-by', input: around('Edited by Sun Hao'), expected: kept },
  { id: 'credit-label', input: around('Source: Xinhua'), expected: kept },
  { id: 'agency-line', input: around('Xinhua'), expected: kept },
  { id: 'agency-line', input: around('— Reuters'), expected: kept },
  { id: 'photo-credit', input: around('Photo: A technician inspects a fiber cabinet in Wuxi'), expected: kept },
  { id: 'photo-credit', input: around('Image credit: Example Labs'), expected: kept },
  { id: 'photo-credit', input: around('File photo'), expected: kept },
  { id: 'photo-credit', input: around('Photo by Chen Jie'), expected: kept },
  { id: 'stock-credit', input: around('Getty Images'), expected: kept },
  { id: 'copyright', input: around('© 2024 Example Media Group'), expected: kept },
  { id: 'copyright', input: around('Copyright 2023 Example News. All rights reserved.'), expected: kept },
  { id: 'zh-follow', input: '成都将举办6G论坛。\n关注我们，获取更多通信行业资讯', expected: '成都将举办6G论坛。' },
  { id: 'zh-follow', input: '成都将举办6G论坛。\n扫码关注公众号', expected: '成都将举办6G论坛。' },
  { id: 'zh-click', input: '成都将举办6G论坛。\n点击这里下载白皮书', expected: '成都将举办6G论坛。' },
  { id: 'zh-editor', input: '成都将举办6G论坛。\n责任编辑：李明', expected: '成都将举办6G论坛。' },
  { id: 'zh-source', input: '来源：新华社\n成都将举办6G论坛。', expected: '成都将举办6G论坛。' },
  { id: 'zh-source', input: '原标题：成都通信大会下月开幕\n成都将举办6G论坛。', expected: '成都将举办6G论坛。' },
  { id: 'zh-disclaimer', input: '成都将举办6G论坛。\n免责声明：本文仅供参考，不构成任何投资建议。', expected: '成都将举办6G论坛。' },
  { id: 'zh-from', input: '成都将举办6G论坛。\n本文来自微信公众号“通信前沿”', expected: '成都将举办6G论坛。' },
  { id: 'zh-photo', input: '记者 李明 摄\n成都将举办6G论坛。', expected: '成都将举办6G论坛。' },
  { id: 'lead-date-prefix', input: `date 2024-03-09 ${LEAD}`, expected: LEAD },
  { id: 'lead-dateline', input: `CHENGDU, Nov. 7 (Xinhua) --\n${LEAD}`, expected: LEAD },
  { id: 'lead-dateline', input: `Nov.2024 21\n${LEAD}`, expected: LEAD },
];

// Real content that mentions the same words: it must come through unchanged.
const NEGATIVE: Array<[id: string, text: string]> = [
  ['wordpress-post', 'The post office in Chengdu now tracks parcels over NB-IoT, the operator said.'],
  ['continue-reading', 'Engineers continue reading meter data remotely over NB-IoT networks.'],
  ['continue-reading', 'Users who want to read more about 6G can visit the institute.'],
  ['zh-read-full', '用户可在平台上阅读全文版白皮书，了解工业互联网进展。'],
  ['teaser-marker', 'Placeholders such as [...] appear in the SDK documentation, the vendor said.'],
  ['photo-credit-inline', 'Visitors tried the camera module (photo quality rivals flagship phones) at the booth.'],
  ['reporter-credit-inline', 'Two reporters (from local outlets) tested the 5G-A network in Chengdu.'],
  ['reporter-credit-inline', 'The ministry briefed the press (including foreign reporters).'],
  ['zh-credit-inline', '会议（在成都举行）吸引了三千名代表。'],
  ['share-row', 'Facebook and X users in the region can now stream the conference live.'],
  ['follow-us', 'Operators follow up on the pilot with a 5G-Advanced rollout in Wuhan.'],
  ['follow-us', 'Analysts who follow the sector expect more IoT deals this year.'],
  ['read-also', 'Related technologies such as edge computing were also on show in Chengdu.'],
  ['read-also-heading', 'Read the fine print before signing a cloud contract, the regulator warned.'],
  ['zh-read-also', '延伸阅读材料将在会后发给与会者。'],
  ['zh-read-also-heading', '相关阅读量显示，5G话题持续升温。'],
  ['most-popular', 'Most popular among factory buyers were private 5G kits, the organizers said.'],
  ['newsletter', 'Subscribers to 5G plans in Hubei passed 30 million in October.'],
  ['newsletter', 'Sign-ups for the Wuhan conference opened on Monday.'],
  ['fill-form', 'Operators must fill out a form to apply for the new spectrum, the ministry said.'],
  ['click-here', 'Click-through rates on 5G video ads doubled, the agency said.'],
  ['click-here', 'Click here for passes. Carriers in Chengdu now offer private 5G networks to factories.'],
  ['advertisement', 'Advertisement spending on connected TVs rose 12 percent.'],
  ['page-chrome', 'Views on 6G spectrum still differ between Europe and China.'],
  ['byline', 'By 2030, China plans to run 10 million 5G-A base stations.'],
  ['byline', 'By Monday, operators had switched on 5,000 new sites'],
  ['byline', 'By March, the Wuxi expo had signed 300 exhibitors'],
  ['byline', "By Huawei's count, 5G-A now covers 300 cities."],
  ['reporter-credit', 'Reporters from 20 countries toured the Wuhan data center.'],
  ['credit-by', 'Written bylaws will govern the new data-sharing alliance.'],
  ['credit-label', 'Source code for the base station software will be published in March.'],
  ['credit-label', 'Source: industry insiders say shipments of 5G modules doubled.'],
  ['agency-line', 'Xinhua reported that the Chengdu conference will open on Nov 7.'],
  ['photo-credit', 'Photos of the new Wuhan data center show rows of liquid-cooled racks.'],
  ['photo-credit', 'Photo sensors made in Wuxi now ship to carmakers worldwide.'],
  ['stock-credit', 'Getty Images licensed its archive to an AI start-up in a deal announced on Monday.'],
  ['copyright', 'Copyright disputes over AI training data are rising in Chinese courts.'],
  ['zh-follow', '关注度最高的展品是工业互联网平台。'],
  ['zh-click', '点击率最高的是5G专题报道。'],
  ['zh-editor', '编辑部表示，将持续报道物联网产业。'],
  ['zh-source', '来源于工厂的数据正在被实时分析。'],
  ['zh-disclaimer', '企业发布免责声明后，股价小幅下跌。'],
  ['zh-from', '本文所述的5G专网已在武汉投入使用。'],
  ['zh-photo', '现场摄影展吸引了大量观众。'],
  ['lead-date-prefix', 'Updated figures show March 9 was the busiest day of the Chengdu expo.'],
  ['lead-dateline', 'Q3 2024 revenue from cloud services rose 8 percent.'],
  ['lead-dateline', 'CHENGDU, Nov. 7 (Xinhua) -- The information and communication conference opened on Monday.'],
];

describe('cleanText rules', () => {
  it.each(POSITIVE)('GIVEN $id boilerplate THEN it is removed and the real text stays', ({ input, expected }) => {
    expect(cleanText(input)).toBe(expected);
  });

  it.each(NEGATIVE)('GIVEN real content that looks like %s THEN it survives', (_id, text) => {
    expect(cleanText(text)).toBe(text);
    expect(cleanText(around(text))).toBe([LEAD, text, TAIL].join('\n'));
  });

  it.each(CLEAN_RULES.map((r) => [r.id]))('GIVEN rule %s THEN the tables hold a positive and a negative case for it', (id) => {
    expect(POSITIVE.some((p) => p.id === id)).toBe(true);
    expect(NEGATIVE.some(([n]) => n === id)).toBe(true);
  });
});

describe('cleanText paragraphs', () => {
  it.each([
    ['an exact repeat', `${LEAD}\n${TAIL}\n${LEAD}`, kept],
    ['a repeat with other case and spacing', `${LEAD}\n${TAIL}\n  ${LEAD.toUpperCase().replace(/ /g, '   ')}`, kept],
    ['a whole article pasted twice', `${LEAD}\n${TAIL}\n${LEAD}\n${TAIL}`, kept],
  ])('GIVEN %s THEN the later copy goes', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it.each([
    ['empty text', '', ''],
    ['only boilerplate', 'Share this: Facebook Twitter\nFollow us on WeChat\n© 2024 Example Media', ''],
    ['runs of spaces, tabs, no-break and ideographic spaces', `  ${LEAD.replace(/ /g, ' \t\u00a0')}  \n\n\n\u3000${TAIL}`, kept],
    ['a heading list that ends at a real paragraph', `${LEAD}\nMost read\nChip exports climb\n${TAIL}`, kept],
    ['a similar but different paragraph', `${LEAD}\n${LEAD.replace('1,200', '1,300')}`, `${LEAD}\n${LEAD.replace('1,200', '1,300')}`],
    ['"follow us" inside a long real paragraph', `${LEAD} Follow us, the operators told rivals, is what the pilot says.`, `${LEAD} Follow us, the operators told rivals, is what the pilot says.`],
  ])('GIVEN %s THEN the result is as expected', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('GIVEN a feed body full of boilerplate THEN only the article remains', () => {
    const body = [
      'By Staff Reporter Li Wen',
      'WUHAN, Nov. 19 (Xinhua) -- Carriers in Hubei said on Monday that 5G now covers every district of Wuhan.',
      'Share this: Facebook Twitter LinkedIn WhatsApp',
      'The province expects 12,000 factories on industrial internet platforms by the end of next year.',
      'Also Read: Wuxi expo draws a record crowd',
      'Photo: A technician checks a rooftop antenna in Wuhan. [Photo/Xinhua]',
      'The province expects 12,000 factories on industrial internet platforms by the end of next year.',
      'Follow us on WeChat for more ICT news',
      'Most Popular',
      'Chip exports climb',
      '© 2024 Example Media. All rights reserved.',
    ].join('\n');
    expect(cleanText(body)).toBe([
      'WUHAN, Nov. 19 (Xinhua) -- Carriers in Hubei said on Monday that 5G now covers every district of Wuhan.',
      'The province expects 12,000 factories on industrial internet platforms by the end of next year.',
    ].join('\n'));
  });
});
