/// Character pools that compose plausible Cantonese-region names. Each pool is one string so
/// the lists stay readable; `Array(pool)` splits them into characters.
enum Syllables {
    /// First characters of place names.
    static let placeFirst = Array(
        "龙凤金银石新东西南北大小上下长永安平和福兴泰丰宝华英桂梅松竹莲荷黄白青赤三五九万高古罗麻沙潭鹤横清明德仁文良太云乐官杨柳桃花湖江溪马鹿狮象岐连陈林钟何吉瑞崇怀水合化冈茶榕蕉葵")
    /// Second characters of place names (the geographic generics of South China).
    static let placeSecond = Array(
        "岗塘江沙头坑田洲湖山坪口冲埔岭溪水桥围涌湾城陂墩洞州源平安阳浦圩岩坝堂寨屯寮步滘沥澳背尾角坳塱墟岸边亭林园庄丰兴宁和门光华")
    /// Trade-name characters (字号) of companies.
    static let brand = Array(
        "鑫华盛达兴宏利源泰丰德恒金富新永隆昌顺发荣裕佳辉明宝创联科通信星豪美雅腾粤骏锦龙凯嘉力威胜伟海天益汇广成安合正中元志远博升铭晟")
    /// Common surnames in Guangdong, with rough relative frequencies.
    static let surnames: [(String, Double)] = [
        ("陈", 12), ("李", 7), ("黄", 7), ("张", 5), ("梁", 4), ("林", 4), ("刘", 4), ("吴", 3), ("罗", 3), ("杨", 3),
        ("何", 3), ("郑", 2.5), ("王", 2.5), ("周", 2), ("谢", 2), ("郭", 2), ("朱", 2), ("蔡", 2), ("叶", 2), ("邓", 2),
        ("许", 1.5), ("曾", 1.5), ("冯", 1.5), ("钟", 1.5), ("苏", 1.5), ("卢", 1.5), ("潘", 1), ("彭", 1), ("赖", 1),
        ("莫", 1), ("邱", 1), ("温", 1), ("廖", 1), ("余", 1), ("胡", 1), ("徐", 1), ("关", 0.8), ("江", 0.8),
        ("麦", 0.5), ("伍", 0.6), ("袁", 0.6), ("严", 0.5), ("沈", 0.5), ("丘", 0.5), ("古", 0.4), ("骆", 0.4),
        ("冼", 0.3), ("区", 0.3), ("欧阳", 0.3), ("司徒", 0.2),
    ]
    /// Characters of given names.
    static let given = Array(
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国志文辉斌俊红燕婷雪慧健锋彬瑜嘉欣晓家浩宇梓子晨思诗颖佳冠振锦荣耀宏永坤海兰丹琳春秋瑞金炳灿棠汉伦珊妍")
    /// Mobile prefixes of the three carriers.
    static let mobilePrefixes = [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
        "156", "157", "158", "159", "173", "176", "177", "178", "180", "181", "182", "183", "186", "187", "188",
        "189", "198", "199",
    ]
}
