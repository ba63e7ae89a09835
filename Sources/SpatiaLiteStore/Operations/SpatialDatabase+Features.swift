import CSpatiaLite
import Enforcement
import FeatureMemory
import Foundation
import GeoKit
import GRDB
import Store


extension SpatialDatabase {
    /// A number that changes with every committed write, so readers (the server's caches,
    /// ETags, the source index) can tell whether what they computed is still current.
    public func dataGeneration() throws -> Int64 {
        try generationWatch.read { try read { db in try Self.generation(db) } }
    }

    /// The generation without a database read, when the WAL shows nothing committed since it
    /// was last read; nil otherwise.
    public func knownDataGeneration() -> Int64? { generationWatch.generation }

    static func generation(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'generation'") ?? 0
    }

    /// Counts the features `query` matches, reports the count, then streams the page it asks
    /// for, in id order. Returns the number of features streamed.
    public func streamFeatures(
        _ query: FeatureQuery, timeLimit: Double, matched: (Int) throws -> Void, row: (FeatureRow) throws -> Void
    ) throws -> Int {
        try read { db in
            guard let handle = db.sqliteConnection else { throw StoreError(message: "database is closed") }
            return try SQLiteTimeLimit.run(on: handle, seconds: timeLimit) {
                let definition = query.collection
                if definition.id == FeatureCollectionDefinition.sources.id {
                    let (_, rowids) = try sourcesPage(query, in: db, matched: matched)
                    let rows = SourceRowReader(db, metricCRS: try metricCRS(in: db))
                    for rowid in rowids { _ = try rows.read(rowid, row) }
                    return rowids.count
                }
                let (condition, arguments) = Self.filter(query, metricCRS: try metricCRS(in: db))
                let count = try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM \(FeatureTables.storage(of: definition).table) WHERE \(condition)",
                    arguments: StatementArguments(arguments.map(\.databaseValue))) ?? 0
                try matched(count)
                let statement = try RawStatement(
                    db, sql: "\(Self.selectList(definition)) WHERE \(condition) ORDER BY \(definition.idProperty) LIMIT ? OFFSET ?")
                for (k, argument) in arguments.enumerated() { statement.bind(Int32(k + 1), argument) }
                statement.bind(Int32(arguments.count + 1), Int64(query.limit))
                statement.bind(Int32(arguments.count + 2), Int64(query.offset))
                var streamed = 0
                let current = FeatureRow(
                    cursor: SQLiteFeatureCursor(statement: statement.statement, definition: definition, metricCRS: try metricCRS(in: db)))
                while try statement.next() {
                    try row(current)
                    streamed += 1
                }
                return streamed
            }
        }
    }

    public func streamEncodedFeatures(
        _ query: FeatureQuery, timeLimit: Double, matched: (Int) throws -> Void, encode: (FeatureRow) throws -> [UInt8],
        feature: ([UInt8]) throws -> Void
    ) throws -> Int {
        guard query.collection.id == FeatureCollectionDefinition.sources.id, encodedFeatureCache.isKeeping else {
            return try streamFeatures(query, timeLimit: timeLimit, matched: matched) { row in try feature(try encode(row)) }
        }
        return try read { db in
            guard let handle = db.sqliteConnection else { throw StoreError(message: "database is closed") }
            return try SQLiteTimeLimit.run(on: handle, seconds: timeLimit) {
                let (generation, rowids) = try sourcesPage(query, in: db, matched: matched)
                // The sources unchanged since they were last encoded are sent as they were;
                // the others are read, encoded, and kept for the next page.
                let kept = encodedFeatureCache.features(rowids, at: generation)
                let rows = SourceRowReader(db, metricCRS: try metricCRS(in: db))
                var encoded: [(rowid: Int64, bytes: [UInt8])] = []
                for (rowid, keptBytes) in zip(rowids, kept) {
                    guard let bytes = try keptBytes ?? rows.read(rowid, encode) else { continue }
                    if keptBytes == nil { encoded.append((rowid, bytes)) }
                    try feature(bytes)
                }
                encodedFeatureCache.keep(encoded, at: generation)
                return rowids.count
            }
        }
    }

    /// The page of current sources `query` asks for, from the source index of this read's
    /// snapshot: reports the count, returns the snapshot's generation and the page's rowids.
    private func sourcesPage(_ query: FeatureQuery, in db: Database, matched: (Int) throws -> Void) throws -> (generation: Int64, rowids: [Int64]) {
        let index = try sourcePointIndex(db)
        let allowed = try Self.rowids(db, matchingAttributes: query.attributes)
        let (count, rowids) = index.select(query, among: allowed)
        try matched(count)
        return (index.generation, rowids)
    }

    /// Streams the one feature of `collection` whose id is `id`; false when there is none.
    public func streamFeature(
        collection definition: FeatureCollectionDefinition, id: String, row: (FeatureRow) throws -> Void
    ) throws -> Bool {
        try read { db in
            let statement = try RawStatement(
                reusing: db, sql: "\(Self.selectList(definition)) WHERE \(FeatureTables.storage(of: definition).condition) AND \(definition.idProperty) = ?")
            for (k, argument) in FeatureTables.storage(of: definition).arguments.enumerated() { statement.bind(Int32(k + 1), argument) }
            statement.bind(Int32(FeatureTables.storage(of: definition).arguments.count + 1), id)
            guard try statement.next() else { return false }
            try row(FeatureRow(
                cursor: SQLiteFeatureCursor(statement: statement.statement, definition: definition, metricCRS: try metricCRS(in: db))))
            return true
        }
    }

    /// The current sources whose kept register columns have the values asked for; nil when
    /// nothing is asked. A scan with `json_extract` (about a second for a province): such
    /// filters are rare, and the columns differ from one register to the next.
    static func rowids(_ db: Database, matchingAttributes attributes: [String: String]) throws -> Set<Int64>? {
        guard !attributes.isEmpty else { return nil }
        let pairs = attributes.sorted { $0.key < $1.key }
        let terms = Array(repeating: "json_extract(attributes, ?) = ?", count: pairs.count).joined(separator: " AND ")
        var arguments: [DatabaseValue] = []
        for (key, value) in pairs {
            arguments.append(Self.jsonPath(ofKey: key).databaseValue)
            arguments.append(value.databaseValue)
        }
        return Set(try Int64.fetchAll(
            db, sql: "SELECT id FROM sources WHERE removed_on IS NULL AND attributes IS NOT NULL AND \(terms)",
            arguments: StatementArguments(arguments)))
    }

    /// The JSON path of an object member by its exact name (`$."LAW"`), whatever its characters.
    static func jsonPath(ofKey key: String) -> String {
        "$.\"" + key.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Every sources ingest's kept columns, in the order first seen.
    public func attributeColumns(_ definition: FeatureCollectionDefinition) throws -> [String] {
        guard definition.id == FeatureCollectionDefinition.sources.id else { return [] }
        return try read { db in
            let lists = try String.fetchAll(
                db, sql: "SELECT attribute_columns FROM ingests WHERE kind = 'sources' AND attribute_columns IS NOT NULL ORDER BY id")
            var seen = Set<String>(), columns: [String] = []
            for list in lists {
                guard let names = try? JSONSerialization.jsonObject(with: Data(list.utf8)) as? [String] else { continue }
                for name in names where seen.insert(name).inserted { columns.append(name) }
            }
            return columns
        }
    }

    /// Builds what feature requests read from memory (the source index) now, so the first
    /// request does not pay for it; a server calls it before it starts listening.
    public func prepareForServing(keepingEncodedFeatures encodedFeatureBytes: Int) throws {
        encodedFeatureCache.setBudget(encodedFeatureBytes)
        _ = try read { db in try sourcePointIndex(db) }
    }

    /// The spatial extent and, for dated collections, the first and last day.
    public func featureExtent(_ definition: FeatureCollectionDefinition) throws -> FeatureExtent {
        try read { db in
            if definition.id == FeatureCollectionDefinition.sources.id {
                let index = try sourcePointIndex(db)
                return FeatureExtent(
                    bbox: index.extent.isEmpty ? nil : index.extent,
                    firstDay: index.dateExtent?.first, lastDay: index.dateExtent?.last)
            }
            let storage = FeatureTables.storage(of: definition)
            let arguments = StatementArguments(storage.arguments.map(\.databaseValue))
            switch storage.geometry {
            case .lonLat, .blob:
                let bounds = storage.geometry == .lonLat
                    ? "min(lon), min(lat), max(lon), max(lat)"
                    : "min(MbrMinX(geometry)), min(MbrMinY(geometry)), max(MbrMaxX(geometry)), max(MbrMaxY(geometry))"
                let row = try Row.fetchOne(db, sql: "SELECT \(bounds) FROM \(storage.table) WHERE \(storage.condition)", arguments: arguments)
                return FeatureExtent(bbox: row.flatMap(Self.box))
            case .gridCell:
                let squares = try Row.fetchOne(db, sql: """
                    SELECT min(cx), min(cy), max(cx), max(cy), max(cell_size) FROM \(storage.table)
                    WHERE \(storage.condition) AND cell_size IS NOT NULL
                    """, arguments: arguments)
                let grids = try Row.fetchOne(db, sql: """
                    SELECT min(MbrMinX(a.geometry)), min(MbrMinY(a.geometry)), max(MbrMaxX(a.geometry)), max(MbrMaxY(a.geometry))
                    FROM \(storage.table) AS h JOIN areas AS a ON a.level = 'grid' AND a.code = h.cell
                    WHERE \(storage.condition) AND h.cell_size IS NULL
                    """, arguments: arguments)
                var bbox = grids.flatMap(Self.box) ?? .empty
                if let squares, let cells = Self.box(squares), let size = squares[4] as Double? {
                    // The outlines' extent lies within that of the grid rectangle they fill.
                    let projected = BoundingBox(
                        minX: cells.minX * size, minY: cells.minY * size, maxX: (cells.maxX + 1) * size, maxY: (cells.maxY + 1) * size)
                    bbox = bbox.union(try requiredMetricCRS(in: db).inverseBounds(of: projected))
                }
                return FeatureExtent(bbox: bbox.isEmpty ? nil : bbox)
            }
        }
    }

    /// A box from the first four columns (min x, min y, max x, max y); nil when any is null.
    private static func box(_ row: Row) -> BoundingBox? {
        guard let minX = row[0] as Double?, let minY = row[1] as Double?, let maxX = row[2] as Double?, let maxY = row[3] as Double? else {
            return nil
        }
        return BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    // MARK: SQL

    /// `SELECT id, every property, the geometry columns FROM table`, in `FeatureRow`'s order.
    static func selectList(_ definition: FeatureCollectionDefinition) -> String {
        let table = FeatureTables.storage(of: definition).table
        let geometry = switch FeatureTables.storage(of: definition).geometry {
        case .lonLat: "lon, lat"
        case .blob: "geometry"
        case .gridCell: "cx, cy, cell_size, (SELECT geometry FROM areas WHERE areas.level = 'grid' AND areas.code = \(table).cell)"
        }
        let columns = ([definition.idProperty] + definition.properties.map(\.name)).joined(separator: ", ")
        return "SELECT \(columns), \(geometry) FROM \(table)"
    }

    /// The WHERE condition for `query` on a collection served by SQL, with its bound values.
    /// Property names come from the definition (the server refuses any other), values are bound.
    /// Square hot-spot cells are squares of `metricCRS` (nil: the store has none, and so no cell).
    static func filter(_ query: FeatureQuery, metricCRS: MetricCRS?) -> (String, [SQLValue]) {
        let storage = FeatureTables.storage(of: query.collection)
        var terms = [storage.condition]
        var arguments = storage.arguments
        if let box = query.bbox {
            switch storage.geometry {
            case .lonLat:
                terms.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
                arguments += [.real(box.minX), .real(box.maxX), .real(box.minY), .real(box.maxY)]
            case .blob:
                terms.append("""
                    rowid IN (SELECT pkid FROM \(storage.spatialIndex) WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?) \
                    AND Intersects(geometry, BuildMbr(?, ?, ?, ?, 4326))
                    """)
                arguments += [.real(box.maxX), .real(box.minX), .real(box.maxY), .real(box.minY)]
                arguments += [.real(box.minX), .real(box.minY), .real(box.maxX), .real(box.maxY)]
            case .gridCell:
                // A store without a metric CRS has no square cells: the empty boxes match none.
                let nothing = BoundingBox(minX: 1e300, minY: 1e300, maxX: -1e300, maxY: -1e300)
                // Administrative cells through the grids' R*Tree; square cells by projected
                // grid arithmetic: those well inside the box meet it, those near its edges
                // get the exact test.
                let search = metricCRS.map { SquareGrid.projectedSearchBounds(of: box, in: $0) } ?? nothing
                let inner = metricCRS.flatMap { SquareGrid.projectedInnerBounds(of: box, in: $0) } ?? nothing
                terms.append("""
                    ((cell_size IS NULL AND cell IN (SELECT code FROM areas WHERE level = 'grid' AND rowid IN \
                    (SELECT pkid FROM \(storage.spatialIndex) WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?) \
                    AND Intersects(geometry, BuildMbr(?, ?, ?, ?, 4326)))) \
                    OR (cell_size IS NOT NULL AND cx * cell_size <= ? AND (cx + 1) * cell_size >= ? \
                    AND cy * cell_size <= ? AND (cy + 1) * cell_size >= ? \
                    AND ((cx * cell_size >= ? AND (cx + 1) * cell_size <= ? AND cy * cell_size >= ? AND (cy + 1) * cell_size <= ?) \
                    OR \(SquareCellFunction.name)(cx, cy, cell_size, ?, ?, ?, ?))))
                    """)
                arguments += [.real(box.maxX), .real(box.minX), .real(box.maxY), .real(box.minY)]
                arguments += [.real(box.minX), .real(box.minY), .real(box.maxX), .real(box.maxY)]
                arguments += [.real(search.maxX), .real(search.minX), .real(search.maxY), .real(search.minY)]
                arguments += [.real(inner.minX), .real(inner.maxX), .real(inner.minY), .real(inner.maxY)]
                arguments += [.real(box.minX), .real(box.minY), .real(box.maxX), .real(box.maxY)]
            }
        }
        for (name, value) in query.equals.sorted(by: { $0.key < $1.key }) where query.collection.property(named: name)?.queryable == true {
            terms.append("\(name) = ?")
            arguments.append(.text(value))
        }
        if let dates = query.dates, let property = query.collection.temporalProperty {
            terms.append("\(property) IS NOT NULL")
            if let start = dates.start { terms.append("\(property) >= ?"); arguments.append(.text(start)) }
            if let end = dates.end { terms.append("\(property) <= ?"); arguments.append(.text(end)) }
        }
        return (terms.joined(separator: " AND "), arguments)
    }

    /// The current source index, in this read's snapshot: patched from the one before when only
    /// field writes came since (`SourceChanges`), read whole otherwise.
    private func sourcePointIndex(_ db: Database) throws -> SourcePointIndex {
        let names = SourcePointIndex.propertyColumns
        return try sourceFeatureMemory.index(
            at: try Self.generation(db),
            changedRows: { since in try SourceChanges.rows(since: since, in: db) },
            rows: { rowids in try Self.indexRows(rowids, in: db) },
            whole: { builder in
                let statement = try RawStatement(
                    db, sql: "SELECT id, lon, lat, status_date, \(names.joined(separator: ", ")) FROM sources WHERE removed_on IS NULL ORDER BY id")
                while try statement.next() {
                    builder.append(rowid: statement.int64(0), longitude: statement.double(1), latitude: statement.double(2), date: statement.string(3)) {
                        statement.string(Int32($0 + 4))
                    }
                }
            })
    }

    /// The rows `rowids` as the index holds them; a row gone or no longer listed is `removed`.
    private static func indexRows(_ rowids: [Int64], in db: Database) throws -> [SourcePointIndex.Row] {
        let names = SourcePointIndex.propertyColumns
        let statement = try RawStatement(
            db, sql: "SELECT lon, lat, status_date, removed_on IS NOT NULL, \(names.joined(separator: ", ")) FROM sources WHERE id = ?")
        var rows: [SourcePointIndex.Row] = []
        for rowid in rowids {
            statement.bind(1, rowid)
            if try statement.next() {
                rows.append(SourcePointIndex.Row(
                    rowid: rowid, longitude: statement.double(0), latitude: statement.double(1), date: statement.string(2),
                    values: names.indices.map { statement.string(Int32($0 + 4)) }, removed: statement.int64(3) != 0))
            } else {
                rows.append(.removed(rowid))
            }
            sqlite3_reset(statement.statement)
        }
        return rows
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let v): v.databaseValue
        case .real(let v): v.databaseValue
        case .text(let v): v.databaseValue
        case .blob(let v): Data(v).databaseValue
        }
    }
}
