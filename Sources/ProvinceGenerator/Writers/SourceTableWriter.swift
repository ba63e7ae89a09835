import Enforcement
import Foundation

/// Writes `sources.csv`: one row per source in id order, formatted in parallel chunks that are
/// concatenated in order (names and codes come from per-source random streams, so chunking
/// cannot change a byte).
struct SourceTableWriter {
    let catalog: AreaCatalog
    let specs: [PrefectureSpec]
    let placed: SourcePlacer.Placed
    let history: HistoryBuilder.History
    let plan: SourcePlan
    let projector: VertexProjector
    let seed: UInt64

    static let header = "source_id,name,uscc,industry,category,status,status_date,deadline,lon,lat\n"

    /// Source id of the source at `index`: `GD` + 7 digits, numbered from 1.
    static func sourceID(_ index: Int, into out: inout ByteBuffer) {
        out.byte(UInt8(ascii: "G"))
        out.byte(UInt8(ascii: "D"))
        let n = index + 1
        out.digits(n, width: n < 10_000_000 ? 7 : 8)
    }

    func write(to url: URL) throws -> (rows: Int, bytes: Int) {
        let count = placed.x.count
        var flagRNG = SeededRandom(seed: seed, stream: 0x5553_4343)
        let defects = flagRNG.distinctIndices(plan.withoutUSCC + plan.wrongCheckCharacter, from: count)
        var shuffled = defects
        flagRNG.shuffle(&shuffled)
        // 1: no uscc, 2: wrong check character.
        var flags = [UInt8](repeating: 0, count: count)
        for (n, s) in shuffled.enumerated() { flags[s] = n < plan.withoutUSCC ? 1 : 2 }

        let dates = (0...(CivilDate.asOf + 400)).map { CivilDate.iso($0) }
        let statusNames = SourceStatus.allCases.map { Array($0.rawValue.utf8) }
        let industries = IndustryTable.all
        let industryCodes = industries.map { Array($0.code.utf8) }
        let keyShare = industries.map { $0.keyShare }
        // Car repair shops are often individual businesses (个体工商户, entity type 2).
        let individualShare = industries.map { $0.code == "8111" ? 0.3 : 0.05 }
        let namer = CompanyNamer(industries: industries)
        let towns = catalog.levels[2]
        let counties = catalog.levels[1]
        let prefectures = catalog.levels[0]
        // Place names as bytes, per town: prefecture short name, county as written in names, town.
        let townBytes = towns.map { Array($0.name.utf8) }
        let countyCode = counties.map { Array($0.code.utf8) }
        let countyBytes = counties.map { county in
            Array((county.kind == .pseudoCounty ? specs[prefectures[county.parent].label].shortName + "市" : county.name).utf8)
        }
        let prefectureBytes = prefectures.map { Array(specs[$0.label].shortName.utf8) }
        let townCounty = towns.map { $0.parent }
        let countyPrefecture = counties.map { $0.parent }
        let keyBytes = Array("key".utf8), simplifiedBytes = Array("simplified".utf8), registrationBytes = Array("registration".utf8)
        let placed = self.placed
        let history = self.history
        let projector = self.projector
        let seed = self.seed
        let flagsCopy = flags
        let bytes = try DatasetFile.write(to: url) { file in
            file.out.text(Self.header)
            try Parallel.formatInBatches(count: count, chunkSize: 16_384, { range in
                var out = ByteBuffer(capacity: range.count * 130)
                for s in range {
                    var rng = SeededRandom(seed: seed, stream: Hash.combine(0x4E41_4D45, UInt64(s)))
                    let town = max(0, min(Int(placed.town[s]), towns.count - 1))
                    let county = townCounty[town]
                    let prefecture = countyPrefecture[county]
                    let industry = Int(placed.industry[s])
                    let status = Int(placed.status[s])

                    Self.sourceID(s, into: &out)
                    out.byte(44)
                    // Names are composed from fixed pools without commas or quotes: no CSV quoting needed.
                    namer.write(
                        into: &out, prefecture: prefectureBytes[prefecture], county: countyBytes[county], town: townBytes[town],
                        industry: industry, rng: &rng)
                    out.byte(44)
                    if flagsCopy[s] != 1 {
                        USCCMaker.write(
                            into: &out, index: s, county: countyCode[county], individual: rng.chance(individualShare[industry]),
                            wrongCheck: flagsCopy[s] == 2, rng: &rng)
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
            }, write: file.write)
        }
        return (count, bytes)
    }
}
