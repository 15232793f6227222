/**
 * Provinces and their main cities for the caller-region picker, named as routing matches them
 * (src/routing/region-match.ts drops 省/市/自治区, so 广东 matches 广东省). A city not listed can
 * still be matched by choosing its whole province.
 */
export const REGIONS: Record<string, readonly string[]> = {
  北京: [],
  天津: [],
  上海: [],
  重庆: [],
  河北: ['石家庄', '唐山', '保定', '廊坊', '邯郸', '秦皇岛', '沧州'],
  山西: ['太原', '大同', '运城', '长治'],
  内蒙古: ['呼和浩特', '包头', '鄂尔多斯', '赤峰'],
  辽宁: ['沈阳', '大连', '鞍山', '锦州'],
  吉林: ['长春', '吉林', '延边'],
  黑龙江: ['哈尔滨', '大庆', '齐齐哈尔', '牡丹江'],
  江苏: ['南京', '苏州', '无锡', '常州', '南通', '徐州', '扬州'],
  浙江: ['杭州', '宁波', '温州', '绍兴', '嘉兴', '金华', '台州'],
  安徽: ['合肥', '芜湖', '蚌埠', '安庆'],
  福建: ['福州', '厦门', '泉州', '漳州'],
  江西: ['南昌', '赣州', '九江'],
  山东: ['济南', '青岛', '烟台', '潍坊', '临沂', '淄博'],
  河南: ['郑州', '洛阳', '开封', '南阳', '新乡'],
  湖北: ['武汉', '宜昌', '襄阳', '荆州'],
  湖南: ['长沙', '株洲', '湘潭', '衡阳', '岳阳'],
  广东: ['广州', '深圳', '东莞', '佛山', '珠海', '中山', '惠州', '汕头'],
  广西: ['南宁', '柳州', '桂林'],
  海南: ['海口', '三亚'],
  四川: ['成都', '绵阳', '德阳', '宜宾'],
  贵州: ['贵阳', '遵义'],
  云南: ['昆明', '大理', '曲靖'],
  西藏: ['拉萨'],
  陕西: ['西安', '宝鸡', '咸阳'],
  甘肃: ['兰州', '天水'],
  青海: ['西宁'],
  宁夏: ['银川'],
  新疆: ['乌鲁木齐', '克拉玛依'],
  香港: [],
  澳门: [],
  台湾: [],
};

export interface RegionOption {
  value: string;
  label: string;
  children?: RegionOption[];
}

export const REGION_OPTIONS: RegionOption[] = Object.entries(REGIONS).map(([province, cities]) => ({
  value: province,
  label: province,
  ...(cities.length > 0 ? { children: cities.map((c) => ({ value: c, label: c })) } : {}),
}));
