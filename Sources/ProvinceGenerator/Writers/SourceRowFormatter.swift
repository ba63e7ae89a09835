import Enforcement

/// Formats the rows of `sources.csv` for any range of source ids, from lookup tables prepared
/// once: dates, statuses and industry codes, and place names as UTF-8 bytes.
///
/// Each row draws from its source's own random stream, so how the ids are cut into ranges (and
/// which thread formats which) cannot change a byte.
struct SourceRowFormatter: Sendable {
    private let placed: SourcePlacer.Placed
    private let history: HistoryBuilder.History
    private let projector: VertexProjector
    private let seed: UInt64
    /// Per source: 1 for no USCC, 2 for a wrong check character.
    private let usccDefects: [UInt8]
    private let townCount: Int

    private let dates: [[UInt8]]
    private let statusNames: [[UInt8]]
    private let industryCodes: [[UInt8]]
    private let keyShare: [Double]
    /// Share of individual businesses (个体工商户, USCC entity type 2) per industry.
    private let individualShare: [Double]
    private let namer: CompanyNamer
    // Place names as bytes: town, county as written in names, prefecture short name.
    private let townBytes: [[UInt8]]
    private let countyBytes: [[UInt8]]
    private let prefectureBytes: [[UInt8]]
    private let countyCode: [[UInt8]]
    private let townCounty: [Int]
    private let countyPrefecture: [Int]
    private let keyBytes = Array("key".utf8), simplifiedBytes = Array("simplified".utf8)
    private let registrationBytes = Array("registration".utf8)

    init(
        catalog: AreaCatalog, specs: [PrefectureSpec], placed: SourcePlacer.Placed, history: HistoryBuilder.History,
        projector: VertexProjector, seed: UInt64, usccDefects: [UInt8]
    ) {
        self.placed = placed
        self.history = history
        self.projector = projector
        self.seed = seed
        self.usccDefects = usccDefects
        dates = (0...(CivilDate.asOf + 400)).map { CivilDate.iso($0) }
        statusNames = SourceStatus.allCases.map { Array($0.rawValue.utf8) }
        let industries = IndustryTable.all
        industryCodes = industries.map { Array($0.code.utf8) }
        keyShare = industries.map { $0.keyShare }
        // Car repair shops are often individual businesses.
        individualShare = industries.map { $0.code == "8111" ? 0.3 : 0.05 }
        namer = CompanyNamer(industries: industries)
        let towns = catalog.levels[2]
        let counties = catalog.levels[1]
        let prefectures = catalog.levels[0]
        townCount = towns.count
        townBytes = towns.map { Array($0.name.utf8) }
        countyCode = counties.map { Array($0.code.utf8) }
        countyBytes = counties.map { county in
            Array((county.kind == .pseudoCounty ? specs[prefectures[county.parent].label].shortName + "市" : county.name).utf8)
        }
        prefectureBytes = prefectures.map { Array(specs[$0.label].shortName.utf8) }
        townCounty = towns.map { $0.parent }
        countyPrefecture = counties.map { $0.parent }
    }

    /// The rows of the sources in `range`, each ending in a line feed.
    func rows(_ range: Range<Int>) -> [UInt8] {
        var out = ByteBuffer(capacity: range.count * 130)
        for s in range {
            var rng = SeededRandom(seed: seed, stream: Hash.combine(0x4E41_4D45, UInt64(s)))
            let town = max(0, min(Int(placed.town[s]), townCount - 1))
            let county = townCounty[town]
            let prefecture = countyPrefecture[county]
            let industry = Int(placed.industry[s])
            let status = Int(placed.status[s])

            SourceTableWriter.sourceID(s, into: &out)
            out.byte(44)
            // Names are composed from fixed pools without commas or quotes: no CSV quoting needed.
            namer.write(
                into: &out, prefecture: prefectureBytes[prefecture], county: countyBytes[county], town: townBytes[town],
                industry: industry, rng: &rng)
            out.byte(44)
            if usccDefects[s] != 1 {
                USCCMaker.write(
                    into: &out, index: s, county: countyCode[county], individual: rng.chance(individualShare[industry]),
                    wrongCheck: usccDefects[s] == 2, rng: &rng)
            }
            out.byte(44)
            out.append(industryCodes[industry])
            out.byte(44)
            switch status {
            case 0: out.append(rng.chance(keyShare[industry]) ? keyBytes : simplifiedBytes)
            case 1: out.append(registrationBytes)
            default: break
            }
            out.byte(44)
            out.append(statusNames[status])
            out.byte(44)
            out.append(dates[Int(history.statusDay[s])])
            out.byte(44)
            if status == 2 && history.deadline[s] >= 0 {
                out.append(dates[min(Int(history.deadline[s]), dates.count - 1)])
            }
            out.byte(44)
            let (lon, lat) = projector.point(x: placed.x[s], y: placed.y[s])
            out.fixed6(lon)
            out.byte(44)
            out.fixed6(lat)
            out.byte(10)
        }
        return out.bytes
    }
}
