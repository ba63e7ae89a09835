/// The industry mix of Guangdong's permit and registration register, by GB/T 4754-2017 class.
///
/// Weights are relative shares among all sources; `keyShare` is the chance a permitted source
/// of the class is under key (重点) rather than simplified management; the affinities say where
/// the class tends to sit (industrial park, town centre, countryside). Names are composed from
/// `words` and `suffixes`.
struct Industry: Sendable {
    let code: String
    let weight: Double
    let keyShare: Double
    let park: Double
    let town: Double
    let rural: Double
    let words: [String]
    let suffixes: [String]
}

enum IndustryTable {
    private static let company = ["有限公司", "有限公司", "有限公司", "有限公司", "股份有限公司", "厂"]

    static let all: [Industry] = [
        Industry(code: "2929", weight: 9, keyShare: 0.1, park: 1.5, town: 1, rural: 0.5, words: ["塑料制品", "塑胶制品", "塑胶"], suffixes: company),
        Industry(code: "8111", weight: 8, keyShare: 0.05, park: 0.3, town: 2, rural: 0.6, words: ["汽车维修", "汽车修理", "汽车"], suffixes: ["服务有限公司", "有限公司", "服务中心", "厂"]),
        Industry(code: "0313", weight: 6, keyShare: 0.4, park: 0.05, town: 0.2, rural: 4, words: ["生猪养殖", "养殖", "畜牧"], suffixes: ["场", "有限公司", "专业合作社"]),
        Industry(code: "2110", weight: 6, keyShare: 0.1, park: 1.5, town: 0.8, rural: 0.6, words: ["家具", "家私", "木业"], suffixes: company),
        Industry(code: "1810", weight: 5, keyShare: 0.05, park: 1.2, town: 1.2, rural: 0.4, words: ["服装", "制衣", "服饰"], suffixes: company),
        Industry(code: "3311", weight: 4, keyShare: 0.15, park: 1.6, town: 0.6, rural: 0.6, words: ["钢结构", "金属结构", "钢构"], suffixes: ["工程有限公司", "有限公司", "有限公司"]),
        Industry(code: "3389", weight: 4, keyShare: 0.1, park: 1.5, town: 1, rural: 0.4, words: ["五金制品", "五金", "不锈钢制品"], suffixes: company),
        Industry(code: "2319", weight: 4, keyShare: 0.15, park: 1.2, town: 1.5, rural: 0.2, words: ["印刷", "彩印", "包装印刷"], suffixes: company),
        Industry(code: "2231", weight: 4, keyShare: 0.1, park: 1.4, town: 0.8, rural: 0.5, words: ["纸品包装", "纸箱", "包装材料"], suffixes: company),
        Industry(code: "3360", weight: 3, keyShare: 0.9, park: 2, town: 0.4, rural: 0.4, words: ["表面处理", "电镀", "金属表面处理"], suffixes: ["有限公司", "有限公司", "厂"]),
        Industry(code: "3399", weight: 3, keyShare: 0.1, park: 1.5, town: 0.8, rural: 0.5, words: ["金属制品", "精密五金", "金属配件"], suffixes: company),
        Industry(code: "3021", weight: 3, keyShare: 0.2, park: 0.8, town: 0.6, rural: 1.6, words: ["混凝土", "水泥制品", "建材"], suffixes: company),
        Industry(code: "3982", weight: 2, keyShare: 0.85, park: 2.2, town: 0.3, rural: 0.2, words: ["电路板", "线路板", "电子科技"], suffixes: company),
        Industry(code: "3071", weight: 2, keyShare: 0.6, park: 1.6, town: 0.5, rural: 0.8, words: ["陶瓷", "建筑陶瓷", "瓷砖"], suffixes: company),
        Industry(code: "3252", weight: 2, keyShare: 0.4, park: 1.8, town: 0.4, rural: 0.4, words: ["铝业", "铝型材", "铝材"], suffixes: company),
        Industry(code: "3670", weight: 2, keyShare: 0.3, park: 2, town: 0.4, rural: 0.3, words: ["汽车零部件", "汽车配件", "汽配"], suffixes: company),
        Industry(code: "1952", weight: 2, keyShare: 0.1, park: 1.5, town: 0.9, rural: 0.4, words: ["鞋业", "皮鞋", "制鞋"], suffixes: company),
        Industry(code: "2927", weight: 2, keyShare: 0.1, park: 1.4, town: 1, rural: 0.4, words: ["日用塑料", "塑料日用品", "家居用品"], suffixes: company),
        Industry(code: "1713", weight: 1.5, keyShare: 0.85, park: 1.8, town: 0.4, rural: 0.6, words: ["印染", "染整", "纺织印染"], suffixes: company),
        Industry(code: "3851", weight: 1.5, keyShare: 0.3, park: 2, town: 0.4, rural: 0.2, words: ["电器", "制冷电器", "家电"], suffixes: company),
        Industry(code: "3854", weight: 1.5, keyShare: 0.2, park: 1.8, town: 0.6, rural: 0.2, words: ["厨具电器", "厨房电器", "小家电"], suffixes: company),
        Industry(code: "4620", weight: 1.5, keyShare: 0.9, park: 0.5, town: 1, rural: 1.4, words: ["水务", "污水处理", "水质净化"], suffixes: ["有限公司", "厂", "有限公司"]),
        Industry(code: "8411", weight: 1.5, keyShare: 0.5, park: 0.1, town: 3, rural: 0.3, words: ["医院", "人民医院", "中医院"], suffixes: [""]),
        Industry(code: "3032", weight: 1.5, keyShare: 0.2, park: 0.4, town: 0.4, rural: 2.2, words: ["石材", "石业", "石材加工"], suffixes: company),
        Industry(code: "3831", weight: 1, keyShare: 0.3, park: 2, town: 0.4, rural: 0.3, words: ["电线电缆", "线缆", "电缆"], suffixes: company),
        Industry(code: "3976", weight: 1, keyShare: 0.5, park: 2.2, town: 0.3, rural: 0.2, words: ["光电", "光电科技", "照明科技"], suffixes: company),
        Industry(code: "2438", weight: 1, keyShare: 0.3, park: 1.5, town: 1.2, rural: 0.2, words: ["首饰", "珠宝首饰", "饰品"], suffixes: company),
        Industry(code: "1351", weight: 1, keyShare: 0.5, park: 0.4, town: 0.8, rural: 1.8, words: ["肉联", "食品", "屠宰"], suffixes: ["有限公司", "厂", "场"]),
        Industry(code: "1329", weight: 1, keyShare: 0.3, park: 0.8, town: 0.6, rural: 1.5, words: ["饲料", "饲料科技", "农牧"], suffixes: company),
        Industry(code: "4210", weight: 1, keyShare: 0.3, park: 0.8, town: 0.6, rural: 1.2, words: ["再生资源", "废旧金属回收", "物资回收"], suffixes: company),
        Industry(code: "3130", weight: 1, keyShare: 0.95, park: 2, town: 0.3, rural: 0.5, words: ["钢铁", "钢材", "轧钢"], suffixes: company),
        Industry(code: "2614", weight: 1, keyShare: 0.95, park: 2.2, town: 0.2, rural: 0.4, words: ["化工", "精细化工", "化学"], suffixes: company),
        Industry(code: "2641", weight: 1, keyShare: 0.7, park: 2, town: 0.3, rural: 0.4, words: ["涂料", "油漆", "化工涂料"], suffixes: company),
        Industry(code: "2682", weight: 1, keyShare: 0.3, park: 1.8, town: 0.8, rural: 0.2, words: ["化妆品", "日化", "生物科技"], suffixes: company),
        Industry(code: "2221", weight: 0.5, keyShare: 0.95, park: 1.5, town: 0.3, rural: 1, words: ["纸业", "造纸", "纸品"], suffixes: company),
        Industry(code: "2710", weight: 0.5, keyShare: 0.95, park: 2, town: 0.3, rural: 0.5, words: ["制药", "药业", "医药"], suffixes: company),
        Industry(code: "4430", weight: 0.5, keyShare: 0.9, park: 2, town: 0.4, rural: 0.5, words: ["热力", "热电", "能源"], suffixes: company),
        Industry(code: "4411", weight: 0.3, keyShare: 1.0, park: 1.2, town: 0.3, rural: 1, words: ["发电", "电力", "能源"], suffixes: ["有限公司", "厂"]),
        Industry(code: "7724", weight: 0.3, keyShare: 1.0, park: 1.5, town: 0.2, rural: 1, words: ["环保科技", "环境服务", "固废处置"], suffixes: company),
        Industry(code: "1340", weight: 0.3, keyShare: 0.9, park: 0.5, town: 0.3, rural: 2, words: ["糖业", "制糖", "糖厂"], suffixes: ["有限公司", "厂"]),
        Industry(code: "1513", weight: 0.2, keyShare: 0.8, park: 1.5, town: 0.5, rural: 0.5, words: ["啤酒", "酒业", "饮料"], suffixes: company),
    ]
}
