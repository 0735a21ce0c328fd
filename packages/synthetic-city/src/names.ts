/** The most common Chinese surnames, most frequent first, and characters used in given names. */
export const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
/** Zipf-like weights: the first surnames carry most people, as in the census. */
export const SURNAME_WEIGHTS = SURNAMES.map((_, rank) => 1 / (rank + 4));
export const GIVEN_NAME_CHARACTERS = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红建国文斌宇浩然欣怡子涵梓轩雨婷佳琪思远晨曦嘉诚俊杰志强海燕春梅晓东振华立新',
];
