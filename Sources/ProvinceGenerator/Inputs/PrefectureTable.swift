/// The 21 real prefectures and the knobs that make each look like itself: official land area,
/// the number of counties by kind, towns, the density of enforcement grids and the share of
/// pollution sources. Figures are rounded public statistics (2020); they steer the generator,
/// they are not data about any real place.
struct PrefectureSpec: Sendable {
    let code: Int
    let name: String
    /// Without 市, as used in company names.
    let shortName: String
    /// Official area in km², the target the prefecture's territory is fitted to.
    let areaKm2: Double
    /// Counties by kind: urban districts (区), counties (县), county-level cities (市).
    let districts: Int
    let counties: Int
    let cities: Int
    /// Towns (镇, 街道, 乡) in the whole prefecture.
    let towns: Int
    /// Grids per km² relative to the provincial mean.
    let gridDensity: Double
    /// Share of the province's pollution sources.
    let sourceShare: Double
    /// Peak urban intensity at the seat and its spread in km: drives smaller counties, towns
    /// and grids near the city centre, and where town-centre sources cluster.
    let urbanPeak: Double
    let urbanSpreadKm: Double
    /// Northern mountain prefectures, where a few townships are 乡.
    let mountainous: Bool

    /// Dongguan and Zhongshan have no county level; they get one pseudo-county.
    var hasPseudoCounty: Bool { districts + counties + cities == 0 }
    var countyCount: Int { max(1, districts + counties + cities) }
    /// The Pearl River Delta core, where sources are dense.
    var isPearlRiverDelta: Bool { [4401, 4403, 4404, 4406, 4407, 4413, 4419, 4420].contains(code) }
}

enum PrefectureTable {
    static let all: [PrefectureSpec] = [
        .init(code: 4401, name: "广州市", shortName: "广州", areaKm2: 7434, districts: 11, counties: 0, cities: 0, towns: 176,
              gridDensity: 4.0, sourceShare: 0.115, urbanPeak: 10, urbanSpreadKm: 20, mountainous: false),
        .init(code: 4402, name: "韶关市", shortName: "韶关", areaKm2: 18413, districts: 3, counties: 5, cities: 2, towns: 104,
              gridDensity: 0.7, sourceShare: 0.018, urbanPeak: 2, urbanSpreadKm: 8, mountainous: true),
        .init(code: 4403, name: "深圳市", shortName: "深圳", areaKm2: 1997, districts: 9, counties: 0, cities: 0, towns: 74,
              gridDensity: 8.0, sourceShare: 0.105, urbanPeak: 10, urbanSpreadKm: 18, mountainous: false),
        .init(code: 4404, name: "珠海市", shortName: "珠海", areaKm2: 1736, districts: 3, counties: 0, cities: 0, towns: 24,
              gridDensity: 3.0, sourceShare: 0.025, urbanPeak: 4, urbanSpreadKm: 10, mountainous: false),
        .init(code: 4405, name: "汕头市", shortName: "汕头", areaKm2: 2199, districts: 6, counties: 1, cities: 0, towns: 69,
              gridDensity: 4.0, sourceShare: 0.05, urbanPeak: 5, urbanSpreadKm: 10, mountainous: false),
        .init(code: 4406, name: "佛山市", shortName: "佛山", areaKm2: 3798, districts: 5, counties: 0, cities: 0, towns: 32,
              gridDensity: 4.0, sourceShare: 0.13, urbanPeak: 8, urbanSpreadKm: 16, mountainous: false),
        .init(code: 4407, name: "江门市", shortName: "江门", areaKm2: 9507, districts: 3, counties: 0, cities: 4, towns: 73,
              gridDensity: 1.2, sourceShare: 0.05, urbanPeak: 3, urbanSpreadKm: 10, mountainous: false),
        .init(code: 4408, name: "湛江市", shortName: "湛江", areaKm2: 13263, districts: 4, counties: 2, cities: 3, towns: 122,
              gridDensity: 0.9, sourceShare: 0.03, urbanPeak: 3, urbanSpreadKm: 10, mountainous: false),
        .init(code: 4409, name: "茂名市", shortName: "茂名", areaKm2: 11427, districts: 2, counties: 0, cities: 3, towns: 111,
              gridDensity: 0.9, sourceShare: 0.025, urbanPeak: 2.5, urbanSpreadKm: 9, mountainous: false),
        .init(code: 4412, name: "肇庆市", shortName: "肇庆", areaKm2: 14891, districts: 3, counties: 4, cities: 1, towns: 107,
              gridDensity: 0.8, sourceShare: 0.03, urbanPeak: 2.5, urbanSpreadKm: 9, mountainous: false),
        .init(code: 4413, name: "惠州市", shortName: "惠州", areaKm2: 11347, districts: 2, counties: 3, cities: 0, towns: 72,
              gridDensity: 1.5, sourceShare: 0.05, urbanPeak: 4, urbanSpreadKm: 12, mountainous: false),
        .init(code: 4414, name: "梅州市", shortName: "梅州", areaKm2: 15865, districts: 2, counties: 5, cities: 1, towns: 110,
              gridDensity: 0.7, sourceShare: 0.015, urbanPeak: 2, urbanSpreadKm: 8, mountainous: true),
        .init(code: 4415, name: "汕尾市", shortName: "汕尾", areaKm2: 4865, districts: 1, counties: 2, cities: 1, towns: 54,
              gridDensity: 1.0, sourceShare: 0.012, urbanPeak: 2, urbanSpreadKm: 7, mountainous: false),
        .init(code: 4416, name: "河源市", shortName: "河源", areaKm2: 15654, districts: 1, counties: 5, cities: 0, towns: 101,
              gridDensity: 0.7, sourceShare: 0.012, urbanPeak: 2, urbanSpreadKm: 7, mountainous: true),
        .init(code: 4417, name: "阳江市", shortName: "阳江", areaKm2: 7956, districts: 2, counties: 1, cities: 1, towns: 48,
              gridDensity: 0.9, sourceShare: 0.015, urbanPeak: 2, urbanSpreadKm: 8, mountainous: false),
        .init(code: 4418, name: "清远市", shortName: "清远", areaKm2: 19036, districts: 2, counties: 4, cities: 2, towns: 85,
              gridDensity: 0.7, sourceShare: 0.022, urbanPeak: 2.5, urbanSpreadKm: 9, mountainous: true),
        .init(code: 4419, name: "东莞市", shortName: "东莞", areaKm2: 2460, districts: 0, counties: 0, cities: 0, towns: 32,
              gridDensity: 5.0, sourceShare: 0.13, urbanPeak: 7, urbanSpreadKm: 18, mountainous: false),
        .init(code: 4420, name: "中山市", shortName: "中山", areaKm2: 1784, districts: 0, counties: 0, cities: 0, towns: 23,
              gridDensity: 4.0, sourceShare: 0.065, urbanPeak: 5, urbanSpreadKm: 12, mountainous: false),
        .init(code: 4451, name: "潮州市", shortName: "潮州", areaKm2: 3146, districts: 2, counties: 1, cities: 0, towns: 51,
              gridDensity: 2.0, sourceShare: 0.036, urbanPeak: 3, urbanSpreadKm: 8, mountainous: false),
        .init(code: 4452, name: "揭阳市", shortName: "揭阳", areaKm2: 5266, districts: 2, counties: 2, cities: 1, towns: 87,
              gridDensity: 2.0, sourceShare: 0.05, urbanPeak: 3, urbanSpreadKm: 9, mountainous: false),
        .init(code: 4453, name: "云浮市", shortName: "云浮", areaKm2: 7786, districts: 2, counties: 2, cities: 1, towns: 55,
              gridDensity: 0.8, sourceShare: 0.015, urbanPeak: 2, urbanSpreadKm: 7, mountainous: false),
    ]

    /// About 16,000 administrative grids in the province.
    static let gridTarget = 16_000
}
