/**
 * Cities where ICT events are held, with their country: the gazetteer that places an event.
 * Chinese cities carry their Chinese names too. Matching is by whole word (English) or
 * substring (Chinese); a city not listed here leaves an event's city empty rather than guessed.
 */
export interface City {
  name: string;
  country: string;
  zh?: string;
}

const CHINA: Array<[string, string]> = [
  ['Beijing', '北京'], ['Shanghai', '上海'], ['Guangzhou', '广州'], ['Shenzhen', '深圳'], ['Chengdu', '成都'], ['Wuhan', '武汉'],
  ['Wuxi', '无锡'], ['Wuzhen', '乌镇'], ['Hangzhou', '杭州'], ['Nanjing', '南京'], ['Suzhou', '苏州'], ['Xi\'an', '西安'],
  ['Chongqing', '重庆'], ['Tianjin', '天津'], ['Guiyang', '贵阳'], ['Hefei', '合肥'], ['Changsha', '长沙'], ['Zhengzhou', '郑州'],
  ['Jinan', '济南'], ['Qingdao', '青岛'], ['Xiamen', '厦门'], ['Fuzhou', '福州'], ['Dalian', '大连'], ['Shenyang', '沈阳'],
  ['Harbin', '哈尔滨'], ['Changchun', '长春'], ['Kunming', '昆明'], ['Nanning', '南宁'], ['Haikou', '海口'], ['Sanya', '三亚'],
  ['Lanzhou', '兰州'], ['Urumqi', '乌鲁木齐'], ['Yinchuan', '银川'], ['Xining', '西宁'], ['Hohhot', '呼和浩特'], ['Taiyuan', '太原'],
  ['Shijiazhuang', '石家庄'], ['Nanchang', '南昌'], ['Ningbo', '宁波'], ['Dongguan', '东莞'], ['Foshan', '佛山'], ['Zhuhai', '珠海'],
  ['Wenzhou', '温州'], ['Yantai', '烟台'], ['Lhasa', '拉萨'], ['Boao', '博鳌'], ['Yichang', '宜昌'],
  ['Xiong\'an', '雄安'], ['Kashgar', '喀什'], ['Karamay', '克拉玛依'], ['Ordos', '鄂尔多斯'], ['Ulanqab', '乌兰察布'], ['Zhangjiakou', '张家口'],
  ['Nantong', '南通'], ['Changzhou', '常州'], ['Xuzhou', '徐州'], ['Yangzhou', '扬州'], ['Shaoxing', '绍兴'], ['Jiaxing', '嘉兴'],
  ['Quanzhou', '泉州'], ['Luoyang', '洛阳'], ['Mianyang', '绵阳'], ['Weihai', '威海'], ['Zibo', '淄博'], ['Tangshan', '唐山'],
];
const CHINA_SPECIAL: Array<[string, string, string]> = [
  ['Hong Kong', 'China', '香港'], ['Macao', 'China', '澳门'], ['Macau', 'China', '澳门'], ['Taipei', 'China', '台北'],
];
const WORLD: Array<[string, string, string?]> = [
  ['Barcelona', 'Spain', '巴塞罗那'], ['Madrid', 'Spain'], ['Las Vegas', 'United States', '拉斯维加斯'], ['San Francisco', 'United States', '旧金山'],
  ['San Jose', 'United States'], ['New York', 'United States', '纽约'], ['Washington', 'United States', '华盛顿'], ['Austin', 'United States'],
  ['Seattle', 'United States'], ['Boston', 'United States'], ['Los Angeles', 'United States'], ['Atlanta', 'United States'], ['Denver', 'United States'],
  ['Berlin', 'Germany', '柏林'], ['Hanover', 'Germany', '汉诺威'], ['Hannover', 'Germany', '汉诺威'], ['Munich', 'Germany', '慕尼黑'], ['Frankfurt', 'Germany'],
  ['Dusseldorf', 'Germany'], ['Cologne', 'Germany'], ['London', 'United Kingdom', '伦敦'], ['Manchester', 'United Kingdom'], ['Edinburgh', 'United Kingdom'],
  ['Paris', 'France', '巴黎'], ['Cannes', 'France'], ['Nice', 'France'], ['Amsterdam', 'Netherlands', '阿姆斯特丹'], ['Brussels', 'Belgium', '布鲁塞尔'],
  ['Geneva', 'Switzerland', '日内瓦'], ['Zurich', 'Switzerland'], ['Davos', 'Switzerland', '达沃斯'], ['Vienna', 'Austria'], ['Milan', 'Italy'], ['Rome', 'Italy'],
  ['Lisbon', 'Portugal', '里斯本'], ['Dublin', 'Ireland'], ['Stockholm', 'Sweden'], ['Helsinki', 'Finland', '赫尔辛基'], ['Oslo', 'Norway'], ['Copenhagen', 'Denmark'],
  ['Warsaw', 'Poland'], ['Prague', 'Czech Republic'], ['Budapest', 'Hungary'], ['Athens', 'Greece'], ['Istanbul', 'Turkey'], ['Moscow', 'Russia', '莫斯科'],
  ['St Petersburg', 'Russia'], ['Kazan', 'Russia'], ['Dubai', 'United Arab Emirates', '迪拜'], ['Abu Dhabi', 'United Arab Emirates'], ['Riyadh', 'Saudi Arabia', '利雅得'],
  ['Doha', 'Qatar', '多哈'], ['Cairo', 'Egypt'], ['Nairobi', 'Kenya'], ['Lagos', 'Nigeria'], ['Johannesburg', 'South Africa'], ['Cape Town', 'South Africa'],
  ['Kigali', 'Rwanda'], ['Casablanca', 'Morocco'], ['Singapore', 'Singapore', '新加坡'], ['Kuala Lumpur', 'Malaysia', '吉隆坡'], ['Bangkok', 'Thailand', '曼谷'],
  ['Jakarta', 'Indonesia', '雅加达'], ['Manila', 'Philippines'], ['Hanoi', 'Vietnam', '河内'], ['Ho Chi Minh City', 'Vietnam'], ['Phnom Penh', 'Cambodia'],
  ['Vientiane', 'Laos'], ['Yangon', 'Myanmar'], ['Tokyo', 'Japan', '东京'], ['Osaka', 'Japan', '大阪'], ['Yokohama', 'Japan'], ['Seoul', 'South Korea', '首尔'],
  ['Busan', 'South Korea', '釜山'], ['Mumbai', 'India', '孟买'], ['New Delhi', 'India', '新德里'], ['Bangalore', 'India'], ['Bengaluru', 'India'], ['Hyderabad', 'India'],
  ['Karachi', 'Pakistan'], ['Islamabad', 'Pakistan'], ['Astana', 'Kazakhstan'], ['Almaty', 'Kazakhstan'], ['Tashkent', 'Uzbekistan'], ['Ulaanbaatar', 'Mongolia'],
  ['Sydney', 'Australia', '悉尼'], ['Melbourne', 'Australia'], ['Auckland', 'New Zealand'], ['Toronto', 'Canada'], ['Vancouver', 'Canada'], ['Montreal', 'Canada'],
  ['Sao Paulo', 'Brazil'], ['Rio de Janeiro', 'Brazil'], ['Buenos Aires', 'Argentina'], ['Santiago', 'Chile'], ['Mexico City', 'Mexico'], ['Lima', 'Peru'],
  ['Tel Aviv', 'Israel'], ['Tallinn', 'Estonia'], ['Vilnius', 'Lithuania'], ['Riga', 'Latvia'], ['Belgrade', 'Serbia'], ['Bucharest', 'Romania'],
];

/** Districts and zones that news names instead of their city. */
const DISTRICTS: Array<[string, string, string]> = [
  ['Pudong', 'Shanghai', '浦东'], ['Lingang', 'Shanghai', '临港'], ['Nansha', 'Guangzhou', '南沙'], ['Zhongguancun', 'Beijing', '中关村'],
  ['Haidian', 'Beijing', '海淀'], ['Yizhuang', 'Beijing', '亦庄'], ['Nanshan', 'Shenzhen', '南山'], ['Qianhai', 'Shenzhen', '前海'],
  ['Optics Valley', 'Wuhan', '光谷'], ['Binhai', 'Tianjin', '滨海新区'], ['Liangjiang', 'Chongqing', '两江新区'], ['Gui\'an', 'Guiyang', '贵安'],
];
const MORE_CHINA: Array<[string, string]> = [
  ['Wenchang', '文昌'], ['Zhuzhou', '株洲'], ['Xiangtan', '湘潭'], ['Yueyang', '岳阳'], ['Wuhu', '芜湖'], ['Huzhou', '湖州'], ['Jinhua', '金华'],
  ['Yiwu', '义乌'], ['Taizhou', '台州'], ['Zhenjiang', '镇江'], ['Lianyungang', '连云港'], ['Huai\'an', '淮安'], ['Yancheng', '盐城'],
  ['Baotou', '包头'], ['Datong', '大同'], ['Baoding', '保定'], ['Langfang', '廊坊'], ['Handan', '邯郸'], ['Jilin', '吉林'], ['Daqing', '大庆'],
  ['Anshan', '鞍山'], ['Jiujiang', '九江'], ['Ganzhou', '赣州'], ['Guilin', '桂林'], ['Liuzhou', '柳州'], ['Beihai', '北海'], ['Zunyi', '遵义'],
  ['Yibin', '宜宾'], ['Deyang', '德阳'], ['Panzhihua', '攀枝花'], ['Baoji', '宝鸡'], ['Xianyang', '咸阳'], ['Yulin', '榆林'], ['Zhongshan', '中山'],
  ['Huizhou', '惠州'], ['Jiangmen', '江门'], ['Shantou', '汕头'], ['Zhanjiang', '湛江'], ['Xiangyang', '襄阳'], ['Shiyan', '十堰'], ['Kaifeng', '开封'],
];

export const CITIES: City[] = [
  ...MORE_CHINA.map(([name, zh]) => ({ name, country: 'China', zh })),
  ...CHINA.map(([name, zh]) => ({ name, country: 'China', zh })),
  ...CHINA_SPECIAL.map(([name, country, zh]) => ({ name, country, zh })),
  ...WORLD.map(([name, country, zh]) => ({ name, country, zh })),
];

/** A district names its city: "in Shanghai's Pudong", "广州南沙". */
export const CITY_ALIASES: Array<{ alias: string; zh: string; city: City }> = DISTRICTS.map(([alias, cityName, zh]) => ({
  alias,
  zh,
  city: CITIES.find((c) => c.name === cityName) as City,
}));
