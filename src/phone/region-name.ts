/**
 * Splits a Chinese place name as the geocoder gives it (`广东省深圳市`, `新疆乌鲁木齐市`, `北京市`)
 * into province and city. The province-level divisions are a closed list of 34 names.
 */
const PROVINCES = [
  '北京市', '天津市', '上海市', '重庆市',
  '河北省', '山西省', '辽宁省', '吉林省', '黑龙江省', '江苏省', '浙江省', '安徽省', '福建省', '江西省',
  '山东省', '河南省', '湖北省', '湖南省', '广东省', '海南省', '四川省', '贵州省', '云南省', '陕西省',
  '甘肃省', '青海省', '台湾省',
  '内蒙古自治区', '广西壮族自治区', '西藏自治区', '宁夏回族自治区', '新疆维吾尔自治区',
  '内蒙古', '广西', '西藏', '宁夏', '新疆',
  '香港特别行政区', '澳门特别行政区', '香港', '澳门',
];

export function splitChineseRegion(place: string): { province?: string; city?: string } {
  for (const p of PROVINCES) {
    if (!place.startsWith(p)) continue;
    const rest = place.slice(p.length);
    // Municipalities are their own city.
    return { province: p, city: rest === '' ? p : rest };
  }
  return { city: place };
}
