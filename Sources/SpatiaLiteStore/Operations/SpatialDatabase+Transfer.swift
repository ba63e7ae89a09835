import GRDB
import Store

extension SpatialDatabase: StoreTransfer {
    public func readWholeStore<T>(_ body: (any StoreTableReader) throws -> T) throws -> T {
        try read { db in try body(TableReader(db: db)) }
    }

    /// Reads a table through one prepared statement, geometries through SpatiaLite's `AsBinary`.
    private struct TableReader: StoreTableReader {
        let db: Database

        func rows(of table: TransferTable, _ each: ([SQLValue]) throws -> Void) throws {
            let selected = table.columns.map { column in
                switch column.kind {
                case .geometry, .geometryBlob: "AsBinary(\(column.name))"
                case .integer, .real, .text, .blob: column.name
                }
            }
            let statement = try RawStatement(
                db, sql: "SELECT \(selected.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.key.joined(separator: ", "))")
            var row = [SQLValue](repeating: .null, count: table.columns.count)
            while try statement.next() {
                for (index, column) in table.columns.enumerated() {
                    let at = Int32(index)
                    if statement.isNull(at) {
                        row[index] = .null
                        continue
                    }
                    switch column.kind {
                    case .integer: row[index] = .integer(statement.int64(at))
                    case .real: row[index] = .real(statement.double(at))
                    case .text: row[index] = .text(statement.string(at) ?? "")
                    case .blob, .geometry, .geometryBlob: row[index] = .blob(statement.blob(at))
                    }
                }
                try each(row)
            }
        }
    }

    /// Inserts every table's rows in one write, geometries made from WKB by `GeomFromWKB`. The
    /// spatial indexes' triggers are suspended while the rows go in and each index is packed once
    /// afterwards (`RTreeBulkLoader`), as a bulk load does.
    public func fillWholeStore(generation: Int64, rows: (TransferTable, _ emit: ([SQLValue]) throws -> Void) throws -> Void) throws {
        try write { db in
            let registered = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM areas)") ?? 0
            guard registered == 0 else {
                throw StoreError(message: "the store to copy into already holds a register; copy into a new one")
            }
            for table in TransferTable.all.reversed() { try db.execute(sql: "DELETE FROM \(table.name)") }
            for table in TransferTable.all {
                let hasIndex = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = ?)", arguments: ["idx_\(table.name)_geometry"]) ?? false
                let indexed = hasIndex && table.columns.contains { $0.kind == .geometry }
                let triggers = try TriggerSuspension(table: table.name, in: db)
                let values = table.columns.map { column in
                    switch column.kind {
                    case .geometry, .geometryBlob: "GeomFromWKB(?, 4326)"
                    case .integer, .real, .text, .blob: "?"
                    }
                }
                let insert = try RawStatement(
                    db, sql: "INSERT INTO \(table.name) (\(table.columnList)) VALUES (\(values.joined(separator: ", ")))")
                try rows(table) { row in
                    guard row.count == table.columns.count else {
                        throw StoreError(message: "a row of \(table.name) has \(row.count) values for \(table.columns.count) columns")
                    }
                    guard table.carries(row) else { return }
                    for (index, value) in row.enumerated() { insert.bind(Int32(index + 1), value) }
                    try insert.step()
                }
                if indexed {
                    let entries = try Row.fetchCursor(db, sql: """
                        SELECT id, MbrMinX(geometry), MbrMaxX(geometry), MbrMinY(geometry), MbrMaxY(geometry) FROM \(table.name)
                        """).map { row in
                        RTreeBulkLoader.Entry(id: row[0], minX: row[1] as Double, maxX: row[2], minY: row[3], maxY: row[4])
                    }
                    try RTreeBulkLoader(table: "idx_\(table.name)_geometry").load(Array(entries), in: db)
                }
                try triggers.restore(in: db)
            }
            for key in ["generation", "sources_reset", "history_reset"] {
                try db.execute(sql: "INSERT INTO settings (key, value) VALUES (?, ?)", arguments: [key, String(generation)])
            }
        }
    }
}
