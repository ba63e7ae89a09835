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
        let specs = raster.specs
        let urban = raster.urban
        var levels: [[Area]] = []
        var indexOfLabel: [[Int32]] = []

        // Prefectures.
        let pLevel = raster.levels[0]
        var prefectures: [Area] = []
        var pIndex = [Int32](repeating: -1, count: pLevel.labelCount)
        for (p, spec) in specs.enumerated() where pLevel.pixelCount(p) > 0 {
            pIndex[p] = Int32(prefectures.count)
            prefectures.append(Area(
                label: p, code: String(spec.code), name: spec.name, parent: -1, kind: .prefecture,
                urban: urban.value(x: pLevel.centroidX[p], y: pLevel.centroidY[p])))
        }
        levels.append(prefectures)
        indexOfLabel.append(pIndex)

        // Counties.
        let cLevel = raster.levels[1]
        var counties: [Area] = []
        var cIndex = [Int32](repeating: -1, count: cLevel.labelCount)
        var countyStems = Set<String>()
        for (pa, prefecture) in prefectures.enumerated() {
            let spec = specs[prefecture.label]
            let members = Self.alive(cLevel, parent: prefecture.label, urban: urban)
            var rng = SeededRandom(seed: seed, stream: Hash.combine(0xC0C0, UInt64(spec.code)))
            if spec.hasPseudoCounty {
                for c in members {
                    cIndex[c] = Int32(counties.count)
                    counties.append(Area(
                        label: c, code: "\(spec.code)00", name: spec.name + "市辖区", parent: pa, kind: .pseudoCounty,
                        urban: urban.value(x: cLevel.centroidX[c], y: cLevel.centroidY[c])))
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
                let stem = NameFactory.placeStem(rng: &rng, taken: &countyStems)
                entries.append((number, Area(
                    label: c, code: String(spec.code) + Self.pad(number, 2), name: stem + suffix, parent: pa, kind: kind,
                    urban: urban.value(x: cLevel.centroidX[c], y: cLevel.centroidY[c]))))
            }
            for entry in entries.sorted(by: { $0.code < $1.code }) {
                cIndex[entry.area.label] = Int32(counties.count)
                counties.append(entry.area)
            }
        }
        levels.append(counties)
        indexOfLabel.append(cIndex)

        // Towns.
        let tLevel = raster.levels[2]
        var towns: [Area] = []
        var tIndex = [Int32](repeating: -1, count: tLevel.labelCount)
        for (ca, county) in counties.enumerated() {
            let spec = specs[prefectures[county.parent].label]
            let members = Self.alive(tLevel, parent: county.label, urban: urban)
            var rng = SeededRandom(seed: seed, stream: Hash.combine(0x7070, UInt64(county.label)))
            var stems = Set<String>()
            var entries: [(code: Int, area: Area)] = []
            var next: [Int] = [1, 101, 201]
            let urbanCounty = county.kind == .district || county.kind == .pseudoCounty
            for c in members {
                let u = urban.value(x: tLevel.centroidX[c], y: tLevel.centroidY[c])
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
                    label: c, code: county.code + Self.pad(number, 3), name: stem + suffix, parent: ca, kind: kind, urban: u)))
            }
            for entry in entries.sorted(by: { $0.code < $1.code }) {
                tIndex[entry.area.label] = Int32(towns.count)
                towns.append(entry.area)
            }
        }
        levels.append(towns)
        indexOfLabel.append(tIndex)

        // Grids, numbered in reading order within their town.
        let gLevel = raster.levels[3]
        var grids: [Area] = []
        var gIndex = [Int32](repeating: -1, count: gLevel.labelCount)
        let gridChildren = Self.children(of: gLevel)
        for (ta, town) in towns.enumerated() {
            let members = (town.label < gridChildren.count ? gridChildren[town.label] : []).sorted {
                let a = (gLevel.centroidY[$0], gLevel.centroidX[$0])
                let b = (gLevel.centroidY[$1], gLevel.centroidX[$1])
                return a.0 > b.0 || (a.0 == b.0 && (a.1 < b.1 || (a.1 == b.1 && $0 < $1)))
            }
            var rng = SeededRandom(seed: seed, stream: Hash.combine(0x6060, UInt64(town.label)))
            var stems = Set<String>()
            for (n, g) in members.enumerated() {
                let u = urban.value(x: gLevel.centroidX[g], y: gLevel.centroidY[g])
                let community = town.kind == .street || u > 3
                let stem = NameFactory.placeStem(rng: &rng, taken: &stems)
                var area = Area(
                    label: g, code: town.code + Self.pad(n + 1, 3), name: stem + (community ? "社区网格" : "村网格"),
                    parent: ta, kind: .grid, urban: u)
                area.officer = NameFactory.person(rng: &rng)
                area.phone = NameFactory.mobile(rng: &rng)
                gIndex[g] = Int32(grids.count)
                grids.append(area)
            }
        }
        levels.append(grids)
        indexOfLabel.append(gIndex)

        self.levels = levels
        self.indexOfLabel = indexOfLabel
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
