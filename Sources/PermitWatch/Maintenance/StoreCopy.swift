import Foundation
import Store

/// `permitwatch copy --from A --to B`: a whole store moved to another, SpatiaLite or PostGIS
/// either way, history, analyses, route plans and tokens included.
///
/// The source is read in one snapshot (a server may go on writing to it); the target is built
/// aside and put in place only once every table is in (`StoreLocation.create`), so a failed
/// copy leaves the target as it was. The copy is a new generation of the target, after both
/// stores' own: a server already reading the target renews whatever it derived.
public struct StoreCopy: Sendable {
    /// What was copied: each table's rows as the target holds them (the settings it sets itself
    /// left out), in the order they were copied.
    public struct Outcome: Sendable {
        public var tables: [(name: String, rows: Int)]
        public var seconds: Double
    }

    let source: any StoreLocation
    let target: any StoreLocation

    public init(from source: any StoreLocation, to target: any StoreLocation) {
        self.source = source
        self.target = target
    }

    /// - Parameter replacing: replace a store at the target (`--force`); without it one is
    ///   refused, so a mistyped target never overwrites a register.
    public func run(replacing: Bool, progress: ProgressReporter) throws -> Outcome {
        guard source.description != target.description else {
            throw ParameterError("to", target.description, "is the store copied from; name another")
        }
        let reading = try source.openReadOnly(readers: 1)
        var previous: Int64 = 0
        if target.exists {
            guard replacing else {
                throw ParameterError("to", target.description, "already exists; pass --force to replace it")
            }
            previous = try target.openReadOnly(readers: 1).dataGeneration()
        }
        let generation = max(try reading.dataGeneration(), previous) + 1
        var clock = Stopwatch()
        var tables: [(name: String, rows: Int)] = []
        try target.create { store in
            tables = []
            try reading.readWholeStore { reader in
                try store.fillWholeStore(generation: generation) { table, emit in
                    var rows = 0
                    try reader.rows(of: table) { row in
                        try emit(row)
                        if table.carries(row) { rows += 1 }
                    }
                    tables.append((table.name, rows))
                    progress.report("\(table.name): \(rows) rows")
                }
            }
        }
        return Outcome(tables: tables, seconds: clock.lap())
    }
}
