import NIOCore
import PostgresNIO
import Store

extension PostGISDatabase: StoreTransfer {
    public func readWholeStore<T>(_ body: (any StoreTableReader) throws -> T) throws -> T {
        try read { db in try body(TableReader(db: db)) }
    }

    /// Reads a table through a cursor, a batch of rows at a time (a province's sources and
    /// events do not fit in memory as values), inside the one read-only snapshot.
    private struct TableReader: StoreTableReader {
        let db: PostgresTransaction
        static let batchSize = 20_000

        func rows(of table: TransferTable, _ each: ([SQLValue]) throws -> Void) throws {
            let selected = table.columns.map { column in
                column.kind == .geometry ? "ST_AsBinary(\(column.name))" : column.name
            }
            // COLLATE "C": text keys in byte order, as SpatiaLite sorts them.
            let order = table.key.map { name in
                table.columns.first { $0.name == name }?.kind == .text ? "\(name) COLLATE \"C\"" : name
            }
            try db.execute("""
                DECLARE transfer_rows NO SCROLL CURSOR FOR
                SELECT \(selected.joined(separator: ", ")) FROM \(table.name) ORDER BY \(order.joined(separator: ", "))
                """)
            let kinds = table.columns.map(\.kind)
            while true {
                let batch = try db.rows("FETCH FORWARD \(Self.batchSize) FROM transfer_rows") { row in
                    try Self.values(of: row, kinds: kinds)
                }
                for row in batch { try each(row) }
                if batch.count < Self.batchSize { break }
            }
            try db.execute("CLOSE transfer_rows")
        }

        private static func values(of row: PostgresRow, kinds: [TransferTable.ColumnKind]) throws -> [SQLValue] {
            var values: [SQLValue] = []
            values.reserveCapacity(kinds.count)
            for (index, cell) in row.enumerated() {
                guard cell.bytes != nil else {
                    values.append(.null)
                    continue
                }
                switch kinds[index] {
                case .integer: values.append(.integer(try cell.decode(Int64.self)))
                case .real: values.append(.real(try cell.decode(Double.self)))
                case .text: values.append(.text(try cell.decode(String.self)))
                case .blob, .geometry, .geometryBlob:
                    var buffer = try cell.decode(ByteBuffer.self)
                    values.append(.blob(buffer.readBytes(length: buffer.readableBytes) ?? []))
                }
            }
            return values
        }
    }

    /// Writes every table's rows through `COPY` in one write transaction, a few megabytes per
    /// `COPY` (the rows come pushed by the other store's reader, and `COPY` pulls: one per chunk
    /// keeps both simple), geometries as EWKB text; then numbers new rows after the copied ones
    /// and derives what PostGIS keeps beside the settings (how `permitwatch_distance` measures).
    public func fillWholeStore(generation: Int64, rows: (TransferTable, _ emit: ([SQLValue]) throws -> Void) throws -> Void) throws {
        try write { db in
            let registered = try db.value(Int64.self, "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM areas)") ?? 0
            guard registered == 0 else {
                throw StoreError(message: "the store to copy into already holds a register; copy into a new one")
            }
            try db.execute("TRUNCATE \(TransferTable.all.map(\.name).joined(separator: ", "))")
            for table in TransferTable.all {
                let columns = table.columns.map(\.name)
                var text = CopyText(capacity: 1 << 22)
                func send() throws {
                    guard text.byteCount > 0 else { return }
                    var chunk: ByteBuffer? = text.take()
                    try db.copy(into: table.name, columns: columns) {
                        defer { chunk = nil }
                        return chunk
                    }
                }
                try rows(table) { row in
                    guard row.count == table.columns.count else {
                        throw StoreError(message: "a row of \(table.name) has \(row.count) values for \(table.columns.count) columns")
                    }
                    guard table.carries(row) else { return }
                    for (value, column) in zip(row, table.columns) {
                        switch (value, column.kind) {
                        case (.null, _): text.null()
                        case (.integer(let number), _): text.integer(number)
                        case (.real(let number), _): text.real(number)
                        case (.text(let string), _): text.text(string)
                        case (.blob(let bytes), .geometry): text.geometry(wkb: bytes)
                        case (.blob(let bytes), _): text.bytea(bytes)
                        }
                    }
                    text.endRow()
                    if text.byteCount > 1 << 22 { try send() }
                }
                try send()
                if table.numbersItsRows {
                    try db.execute("""
                        SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT max(id) FROM \(table.name)), 0) + 1, false)
                        """, [.text(table.name)])
                }
            }
            for key in ["generation", "sources_reset", "history_reset"] {
                try db.execute("INSERT INTO settings (key, value) VALUES ($1, $2)", [.text(key), .text(String(generation))])
            }
            if let crs = try Self.storedMetricCRS(db) { try Self.storeMetricCRS(crs, in: db) }
            try db.execute("ANALYZE \(TransferTable.all.map(\.name).joined(separator: ", "))")
        }
    }
}
