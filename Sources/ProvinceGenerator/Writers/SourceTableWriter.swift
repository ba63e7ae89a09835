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
        let formatter = SourceRowFormatter(
            catalog: catalog, specs: specs, placed: placed, history: history, projector: projector, seed: seed,
            usccDefects: usccDefects(count: count))
        let bytes = try DatasetFile.write(to: url) { file in
            file.out.text(Self.header)
            try Parallel.formatInBatches(count: count, chunkSize: 16_384, { formatter.rows($0) }, write: file.write)
        }
        return (count, bytes)
    }

    /// The sources the plan gives a defective code, picked from a stream of their own: 1 for no
    /// USCC, 2 for a wrong check character, 0 for a valid code.
    private func usccDefects(count: Int) -> [UInt8] {
        var flagRNG = SeededRandom(seed: seed, stream: 0x5553_4343)
        let defects = flagRNG.distinctIndices(plan.withoutUSCC + plan.wrongCheckCharacter, from: count)
        var shuffled = defects
        flagRNG.shuffle(&shuffled)
        var flags = [UInt8](repeating: 0, count: count)
        for (n, s) in shuffled.enumerated() { flags[s] = n < plan.withoutUSCC ? 1 : 2 }
        return flags
    }
}
