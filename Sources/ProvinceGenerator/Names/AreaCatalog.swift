/// Codes, names and parents of every area that ended up with land, level by level.
///
/// Codes follow the national division code layout: prefecture 4 digits, county 6 (区 from 03,
/// 县 from 21, county-level 市 from 81), town 9 (街道 001…, 镇 101…, 乡 201…), grid 12 (001… in
/// reading order, north to south). Dongguan and Zhongshan have no county level in reality; each
/// gets one pseudo-county coded `<prefecture>00` (441900, 442000, as their real town codes
/// begin) named 市辖区, so the hierarchy has the same four levels everywhere.
struct AreaCatalog: Sendable {
    enum Kind: Sendable {
        case prefecture
        case district, county, city, pseudoCounty
        case street, town, township
        case grid
    }

    struct Area: Sendable {
        /// The raster label of the area at its level.
        let label: Int
        let code: String
        let name: String
        /// Index of the parent in the parent level's `areas` (-1 for prefectures).
        let parent: Int
        let kind: Kind
        let urban: Double
        /// Grid officer and phone; empty above grid level.
        var officer: String = ""
        var phone: String = ""
    }

    /// prefecture, county, town, grid; each sorted by code.
    let levels: [[Area]]
    /// Per level: area index of each raster label, or -1 when the label has no pixels.
    let indexOfLabel: [[Int32]]

    init(raster: ProvinceRaster, seed: UInt64) {
        let prefectures = Self.prefectures(raster: raster)
        let counties = Self.counties(of: prefectures.areas, raster: raster, seed: seed)
        let towns = Self.towns(of: counties.areas, prefectures: prefectures.areas, raster: raster, seed: seed)
        let grids = Self.grids(of: towns.areas, raster: raster, seed: seed)
        let named = [prefectures, counties, towns, grids]
        levels = named.map(\.areas)
        indexOfLabel = named.map(\.indexOfLabel)
    }

    /// One level's areas in code order, and the area index of each of its raster labels.
    private struct NamedLevel {
        private(set) var areas: [Area] = []
        private(set) var indexOfLabel: [Int32]

        init(labelCount: Int) { indexOfLabel = [Int32](repeating: -1, count: labelCount) }

        /// Adds `area` after the areas so far: areas are appended in code order.
        mutating func append(_ area: Area) {
            indexOfLabel[area.label] = Int32(areas.count)
            areas.append(area)
        }
    }

    /// Prefectures with land, in table order, with their real codes and names.
    private static func prefectures(raster: ProvinceRaster) -> NamedLevel {
        let level = raster.levels[0]
        var prefectures = NamedLevel(labelCount: level.labelCount)
        for (p, spec) in raster.specs.enumerated() where level.pixelCount(p) > 0 {
            prefectures.append(Area(
                label: p, code: String(spec.code), name: spec.name, parent: -1, kind: .prefecture,
                urban: raster.urban.value(x: level.centroidX[p], y: level.centroidY[p])))
        }
        return prefectures
    }

    /// Counties: the prefecture's districts, county-level cities and counties, most urban
    /// first, each kind numbered in its own range; the pseudo-county where the prefecture has
    /// no county level.
    private static func counties(of prefectures: [Area], raster: ProvinceRaster, seed: UInt64) -> NamedLevel {
        let level = raster.levels[1]
        let urban = raster.urban
        var counties = NamedLevel(labelCount: level.labelCount)
        var stems = Set<String>()
        for (pa, prefecture) in prefectures.enumerated() {
            let spec = raster.specs[prefecture.label]
            let members = alive(level, parent: prefecture.label, urban: urban)
            var rng = SeededRandom(seed: seed, stream: Hash.combine(0xC0C0, UInt64(spec.code)))
            if spec.hasPseudoCounty {
                for c in members {
                    counties.append(Area(
                        label: c, code: "\(spec.code)00", name: spec.name + "市辖区", parent: pa, kind: .pseudoCounty,
                        urban: urban.value(x: level.centroidX[c], y: level.centroidY[c])))
                }
                continue
            }
            let kinds = [Kind](repeating: .district, count: spec.districts)
                + [Kind](repeating: .city, count: spec.cities)
                + [Kind](repeating: .county, count: spec.counties)
            var entries: [(code: Int, area: Area)] = []
            var next: [Int] = [3, 21, 81]
            for (rank, c) in members.enumerated() {
                let kind = rank < kinds.count ? kinds[rank] : .county
                let slot = kind == .district ? 0 : (kind == .county ? 1 : 2)
                let suffix = kind == .district ? "区" : (kind == .county ? "县" : "市")
                let number = next[slot]
                next[slot] += 1
                let stem = NameFactory.placeStem(rng: &rng, taken: &stems)
                entries.append((number, Area(
                    label: c, code: String(spec.code) + pad(number, 2), name: stem + suffix, parent: pa, kind: kind,
                    urban: urban.value(x: level.centroidX[c], y: level.centroidY[c]))))
            }
            for entry in entries.sorted(by: { $0.code < $1.code }) { counties.append(entry.area) }
        }
        return counties
    }

    /// Towns: streets (街道) where the town is urban enough, now and then a township (乡) in
    /// the mountains, towns (镇) otherwise, each kind numbered in its own range.
    private static func towns(of counties: [Area], prefectures: [Area], raster: ProvinceRaster, seed: UInt64) -> NamedLevel {
        let level = raster.levels[2]
        let urban = raster.urban
        var towns = NamedLevel(labelCount: level.labelCount)
        for (ca, county) in counties.enumerated() {
            let spec = raster.specs[prefectures[county.parent].label]
            let members = alive(level, parent: county.label, urban: urban)
            var rng = SeededRandom(seed: seed, stream: Hash.combine(0x7070, UInt64(county.label)))
            var stems = Set<String>()
            var entries: [(code: Int, area: Area)] = []
            var next: [Int] = [1, 101, 201]
            let urbanCounty = county.kind == .district || county.kind == .pseudoCounty
            for c in members {
                let u = urban.value(x: level.centroidX[c], y: level.centroidY[c])
                let kind: Kind
                if u >= (urbanCounty ? 1.5 : 2.5) {
                    kind = .street
                } else if spec.mountainous && u < 0.4 && rng.chance(0.08) {
                    kind = .township
                } else {
                    kind = .town
                }
                let slot = kind == .street ? 0 : (kind == .town ? 1 : 2)
                var number = next[slot]
                next[slot] += 1
                if number % 100 == 0 { number = 300 + number / 100 }
                let suffix = kind == .street ? "街道" : (kind == .town ? "镇" : "乡")
                let stem = NameFactory.placeStem(rng: &rng, taken: &stems)
                entries.append((number, Area(
                    label: c, code: county.code + pad(number, 3), name: stem + suffix, parent: ca, kind: kind, urban: u)))
            }
            for entry in entries.sorted(by: { $0.code < $1.code }) { towns.append(entry.area) }
        }
        return towns
    }

    /// Grids, numbered in reading order within their town, each with its officer and phone.
    private static func grids(of towns: [Area], raster: ProvinceRaster, seed: UInt64) -> NamedLevel {
        let level = raster.levels[3]
        var grids = NamedLevel(labelCount: level.labelCount)
        let gridChildren = children(of: level)
        for (ta, town) in towns.enumerated() {
            let members = (town.label < gridChildren.count ? gridChildren[town.label] : []).sorted {
                let a = (level.centroidY[$0], level.centroidX[$0])
                let b = (level.centroidY[$1], level.centroidX[$1])
                return a.0 > b.0 || (a.0 == b.0 && (a.1 < b.1 || (a.1 == b.1 && $0 < $1)))
            }
            var rng = SeededRandom(seed: seed, stream: Hash.combine(0x6060, UInt64(town.label)))
            var stems = Set<String>()
            for (n, g) in members.enumerated() {
                let u = raster.urban.value(x: level.centroidX[g], y: level.centroidY[g])
                let community = town.kind == .street || u > 3
                let stem = NameFactory.placeStem(rng: &rng, taken: &stems)
                var area = Area(
                    label: g, code: town.code + pad(n + 1, 3), name: stem + (community ? "社区网格" : "村网格"),
                    parent: ta, kind: .grid, urban: u)
                area.officer = NameFactory.person(rng: &rng)
                area.phone = NameFactory.mobile(rng: &rng)
                grids.append(area)
            }
        }
        return grids
    }

    /// Children with pixels of `parent`, most urban first (ties by label).
    private static func alive(_ level: LevelRaster, parent: Int, urban: UrbanField) -> [Int] {
        var members: [(Double, Int)] = []
        for c in 0..<level.labelCount where level.parentOf[c] == Int32(parent) && level.pixelCount(c) > 0 {
            members.append((urban.value(x: level.centroidX[c], y: level.centroidY[c]), c))
        }
        members.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return members.map { $0.1 }
    }

    /// Labels with pixels grouped by parent label.
    private static func children(of level: LevelRaster) -> [[Int]] {
        let parents = (level.parentOf.max().map { Int($0) + 1 }) ?? 0
        var result = [[Int]](repeating: [], count: max(parents, 0))
        for c in 0..<level.labelCount where level.pixelCount(c) > 0 {
            result[Int(level.parentOf[c])].append(c)
        }
        return result
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
