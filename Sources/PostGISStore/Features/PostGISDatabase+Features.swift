import Enforcement
import FeatureMemory
import Foundation
import GeoKit
import NIOCore
import PostgresNIO
import Store

extension PostGISDatabase {
    /// One statement, outside any transaction (its own snapshot is enough): every request of
    /// every server asks for it.
    public func dataGeneration() throws -> Int64 {
        try pool.withConnection { connection in
            // The schema is a checked identifier (`PostgresURL`).
            let value = try PostgresTransaction(connection: connection, logger: pool.logger).value(
                String.self, "SELECT value FROM \(url.schema).settings WHERE key = 'generation'")
            return value.flatMap { Int64($0) } ?? 0
        }
    }

    /// Unknown without a read: another process may have written since.
    public func knownDataGeneration() -> Int64? { nil }

    /// Counts the features `query` matches, reports the count, then streams the page it asks
    /// for, in the SpatiaLite store's order, all from one snapshot. Returns the number streamed.
    public func streamFeatures(
        _ query: FeatureQuery, timeLimit: Double, matched: (Int) throws -> Void, row: (FeatureRow) throws -> Void
    ) throws -> Int {
        let definition = query.collection
        if definition.id == FeatureCollectionDefinition.sources.id {
            let page = try readSourcesPage(query, timeLimit: timeLimit, usingKeptFeatures: false)
            try matched(page.matched)
            let cursor = PostGISFeatureCursor(definition: definition, geometry: .lonLat, metricCRS: page.metricCRS)
            for case .row(_, let current) in page.features {
                try cursor.load(current)
                try row(FeatureRow(cursor: cursor))
            }
            return page.features.count
        }
        let storage = PostGISFeatureTables.storage(of: definition)
        let (count, rows, crs) = try read { db -> (Int, [PostgresRow], MetricCRS?) in
            try db.execute("SELECT set_config('statement_timeout', $1, true)", [.text("\(max(1, Int(timeLimit * 1000)))")])
            let crs = try metricCRS(in: db)
            var filter = FeatureFilter(storage: storage)
            filter.add(query, metricCRS: crs)
            let select = Self.selectList(definition, storage: storage)
            if case .gridCell = storage.geometry, let box = query.bbox {
                // Square cells are stored by number: the candidates the projected arithmetic
                // keeps, then the exact test on each cell's outline, here.
                let candidates = try db.rows("\(select) WHERE \(filter.condition) ORDER BY \(storage.order)", filter.values) { $0 }
                let meeting = try candidates.filter { try Self.gridCell($0, definition: definition, meets: box, metricCRS: crs) }
                let page = meeting.dropFirst(query.offset).prefix(max(query.limit, 0))
                return (meeting.count, Array(page), crs)
            }
            let count = try db.value(Int.self, "SELECT count(*) FROM \(storage.table) WHERE \(filter.condition)", filter.values) ?? 0
            let limit = filter.placeholder(.integer(Int64(max(query.limit, 0))))
            let offset = filter.placeholder(.integer(Int64(max(query.offset, 0))))
            let rows = try db.rows(
                "\(select) WHERE \(filter.condition) ORDER BY \(storage.order) LIMIT \(limit) OFFSET \(offset)", filter.values) { $0 }
            return (count, rows, crs)
        }
        try matched(count)
        let cursor = PostGISFeatureCursor(definition: definition, geometry: storage.geometry, metricCRS: crs)
        for current in rows {
            try cursor.load(current)
            try row(FeatureRow(cursor: cursor))
        }
        return rows.count
    }

    public func streamEncodedFeatures(
        _ query: FeatureQuery, timeLimit: Double, matched: (Int) throws -> Void, encode: (FeatureRow) throws -> [UInt8],
        feature: ([UInt8]) throws -> Void
    ) throws -> Int {
        let memory = sourceFeatureMemory.encodedFeatures
        guard query.collection.id == FeatureCollectionDefinition.sources.id, memory.isKeeping else {
            return try streamFeatures(query, timeLimit: timeLimit, matched: matched) { row in try feature(try encode(row)) }
        }
        let page = try readSourcesPage(query, timeLimit: timeLimit, usingKeptFeatures: true)
        try matched(page.matched)
        // The sources unchanged since they were last encoded are sent as they were; the others
        // were read in the page's snapshot, and are encoded and kept for the next page.
        let cursor = PostGISFeatureCursor(definition: .sources, geometry: .lonLat, metricCRS: page.metricCRS)
        var encoded: [(rowid: Int64, bytes: [UInt8])] = []
        for item in page.features {
            switch item {
            case .kept(let bytes):
                try feature(bytes)
            case .row(let rowid, let current):
                try cursor.load(current)
                let bytes = try encode(FeatureRow(cursor: cursor))
                encoded.append((rowid, bytes))
                try feature(bytes)
            }
        }
        // A page answered by SQL while the index was being made keeps nothing: the cache may
        // not yet know of every change up to its generation.
        if page.fromIndex { memory.keep(encoded, at: page.generation) }
        return page.features.count
    }

    public func streamFeature(collection definition: FeatureCollectionDefinition, id: String, row: (FeatureRow) throws -> Void) throws -> Bool {
        let storage = PostGISFeatureTables.storage(of: definition)
        let (rows, crs) = try read { db -> ([PostgresRow], MetricCRS?) in
            var filter = FeatureFilter(storage: storage)
            filter.equal(definition.idProperty, id, in: definition)
            return (try db.rows("\(Self.selectList(definition, storage: storage)) WHERE \(filter.condition)", filter.values) { $0 }, try metricCRS(in: db))
        }
        guard let first = rows.first else { return false }
        let cursor = PostGISFeatureCursor(definition: definition, geometry: storage.geometry, metricCRS: crs)
        try cursor.load(first)
        try row(FeatureRow(cursor: cursor))
        return true
    }

    public func featureExtent(_ definition: FeatureCollectionDefinition) throws -> FeatureExtent {
        let storage = PostGISFeatureTables.storage(of: definition)
        return try read { db in
            if definition.id == FeatureCollectionDefinition.sources.id {
                let index = try sourcePointIndex(db, generation: try generation(db))
                return FeatureExtent(
                    bbox: index.extent.isEmpty ? nil : index.extent, firstDay: index.dateExtent?.first, lastDay: index.dateExtent?.last)
            }
            func box(_ sql: String, _ values: [SQLValue]) throws -> BoundingBox? {
                try db.rows(sql, values) { row -> BoundingBox? in
                    var cells = CellReader(row)
                    guard let minX = try cells.real(), let minY = try cells.real(), let maxX = try cells.real(), let maxY = try cells.real()
                    else { return nil }
                    return BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
                }.first ?? nil
            }
            switch storage.geometry {
            case .lonLat:
                let bbox = try box(
                    "SELECT min(lon), min(lat), max(lon), max(lat) FROM \(storage.table) WHERE \(storage.condition)", storage.arguments)
                guard definition.temporalProperty != nil else { return FeatureExtent(bbox: bbox) }
                let days = try db.rows(#"""
                    SELECT min(status_date COLLATE "C"), max(status_date COLLATE "C") FROM sources WHERE removed_on IS NULL
                    """#) { row in (try row.cell(0).decode(String?.self), try row.cell(1).decode(String?.self)) }.first
                return FeatureExtent(bbox: bbox, firstDay: days?.0, lastDay: days?.1)
            case .geometry:
                return FeatureExtent(bbox: try box("""
                    SELECT min(ST_XMin(geometry)), min(ST_YMin(geometry)), max(ST_XMax(geometry)), max(ST_YMax(geometry))
                    FROM \(storage.table) WHERE \(storage.condition)
                    """, storage.arguments))
            case .gridCell:
                var bbox = try box("""
                    SELECT min(ST_XMin(a.geometry)), min(ST_YMin(a.geometry)), max(ST_XMax(a.geometry)), max(ST_YMax(a.geometry))
                    FROM hotspot_cells AS h JOIN areas AS a ON a.level = 'grid' AND a.code = h.cell
                    WHERE \(storage.condition) AND h.cell_size IS NULL
                    """, storage.arguments) ?? .empty
                let squares = try db.rows("""
                    SELECT min(cx)::float8, min(cy)::float8, max(cx)::float8, max(cy)::float8, max(cell_size) FROM hotspot_cells
                    WHERE \(storage.condition) AND cell_size IS NOT NULL
                    """, storage.arguments) { row -> (BoundingBox, Double)? in
                    var cells = CellReader(row)
                    guard let minX = try cells.real(), let minY = try cells.real(), let maxX = try cells.real(), let maxY = try cells.real(),
                        let size = try cells.real()
                    else { return nil }
                    return (BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY), size)
                }.first ?? nil
                if let (cells, size) = squares, let crs = try metricCRS(in: db) {
                    // The outlines' extent lies within that of the grid rectangle they fill.
                    let projected = BoundingBox(
                        minX: cells.minX * size, minY: cells.minY * size, maxX: (cells.maxX + 1) * size, maxY: (cells.maxY + 1) * size)
                    bbox = bbox.union(crs.inverseBounds(of: projected))
                }
                return FeatureExtent(bbox: bbox.isEmpty ? nil : bbox)
            }
        }
    }

    public func attributeColumns(_ definition: FeatureCollectionDefinition) throws -> [String] {
        guard definition.id == FeatureCollectionDefinition.sources.id else { return [] }
        let lists = try read { db in
            try db.rows("SELECT attribute_columns FROM ingests WHERE kind = 'sources' AND attribute_columns IS NOT NULL ORDER BY id") { row in
                try row.cell(0).decode(String.self)
            }
        }
        var seen = Set<String>(), columns: [String] = []
        for list in lists {
            guard let names = try? JSONSerialization.jsonObject(with: Data(list.utf8)) as? [String] else { continue }
            for name in names where seen.insert(name).inserted { columns.append(name) }
        }
        return columns
    }

    public func connectionPoolUsage() -> ConnectionPoolUsage {
        ConnectionPoolUsage(readsInFlight: 0, maximumReaders: pool.maximumConnections, readsTotal: 0)
    }

    /// Builds this process's source index now, so the first request does not pay for it, and
    /// lets it keep up to `encodedFeatureBytes` of encoded features.
    public func prepareForServing(keepingEncodedFeatures encodedFeatureBytes: Int) throws {
        sourceFeatureMemory.encodedFeatures.setBudget(encodedFeatureBytes)
        _ = try read { db in try sourcePointIndex(db, generation: try generation(db)) }
    }

    /// `SELECT id, every property, the geometry columns FROM table`, in `FeatureRow`'s order;
    /// `appending` columns come after them (the cursor reads only its own).
    static func selectList(_ definition: FeatureCollectionDefinition, storage: PostGISFeatureTables.Storage, appending: String? = nil) -> String {
        let geometry = switch storage.geometry {
        case .lonLat: "lon, lat"
        case .geometry: "geometry"
        case .gridCell: "cx, cy, cell_size, (SELECT geometry FROM areas WHERE areas.level = 'grid' AND areas.code = hotspot_cells.cell)"
        }
        let columns = ([definition.idProperty] + definition.properties.map(\.name) + [geometry] + [appending].compactMap { $0 })
        return "SELECT \(columns.joined(separator: ", ")) FROM \(storage.table)"
    }

    /// Whether a hot-spot cell row meets `box`: a square by `SquareGrid`'s exact test, an
    /// administrative cell by its grid polygon's box meeting it (what SpatiaLite's
    /// `Intersects` with the box's rectangle decides for the grids it was asked about).
    private static func gridCell(_ row: PostgresRow, definition: FeatureCollectionDefinition, meets box: BoundingBox, metricCRS: MetricCRS?) throws -> Bool {
        let cursor = PostGISFeatureCursor(definition: definition, geometry: .gridCell, metricCRS: metricCRS)
        try cursor.load(row)
        return cursor.cellMeets(box)
    }
}

/// A WHERE condition for a collection with its bound values, as `$1`, `$2`…: property names
/// come from the definition (the server refuses any other), values are bound.
struct FeatureFilter {
    private(set) var terms: [String]
    private(set) var values: [SQLValue]

    init(storage: PostGISFeatureTables.Storage) {
        terms = [storage.condition]
        values = storage.arguments
        self.storage = storage
    }

    private let storage: PostGISFeatureTables.Storage

    var condition: String { terms.joined(separator: " AND ") }

    mutating func placeholder(_ value: SQLValue) -> String {
        values.append(value)
        return "$\(values.count)"
    }

    /// `name = value`, compared as text for a number (as SpatiaLite's column affinity does).
    mutating func equal(_ name: String, _ value: String, in definition: FeatureCollectionDefinition) {
        let type = definition.property(named: name)?.type
        let column = (type == .integer || type == .number) ? "\(name)::text" : name
        terms.append("\(column) = \(placeholder(.text(value)))")
    }

    mutating func add(_ query: FeatureQuery, metricCRS: MetricCRS?) {
        if let box = query.bbox {
            switch storage.geometry {
            case .lonLat:
                // The GiST index finds the box's points; the stored numbers decide the edges.
                let (minX, minY, maxX, maxY) = (
                    placeholder(.real(box.minX)), placeholder(.real(box.minY)), placeholder(.real(box.maxX)), placeholder(.real(box.maxY))
                )
                terms.append("""
                    geometry && ST_MakeEnvelope(\(minX), \(minY), \(maxX), \(maxY), 4326) \
                    AND lon BETWEEN \(minX) AND \(maxX) AND lat BETWEEN \(minY) AND \(maxY)
                    """)
            case .geometry:
                terms.append("""
                    ST_Intersects(geometry, ST_MakeEnvelope(\(placeholder(.real(box.minX))), \(placeholder(.real(box.minY))), \
                    \(placeholder(.real(box.maxX))), \(placeholder(.real(box.maxY))), 4326))
                    """)
            case .gridCell:
                // Candidates only: the exact test is made on each (`PostGISFeatureCursor.cellMeets`).
                let nothing = BoundingBox(minX: 1e300, minY: 1e300, maxX: -1e300, maxY: -1e300)
                let search = metricCRS.map { SquareGrid.projectedSearchBounds(of: box, in: $0) } ?? nothing
                terms.append("""
                    ((cell_size IS NULL AND cell IN (SELECT code FROM areas WHERE level = 'grid' AND ST_Intersects(geometry, \
                    ST_MakeEnvelope(\(placeholder(.real(box.minX))), \(placeholder(.real(box.minY))), \
                    \(placeholder(.real(box.maxX))), \(placeholder(.real(box.maxY))), 4326)))) \
                    OR (cell_size IS NOT NULL AND cx * cell_size <= \(placeholder(.real(search.maxX))) \
                    AND (cx + 1) * cell_size >= \(placeholder(.real(search.minX))) \
                    AND cy * cell_size <= \(placeholder(.real(search.maxY))) AND (cy + 1) * cell_size >= \(placeholder(.real(search.minY)))))
                    """)
            }
        }
        for (name, value) in query.equals.sorted(by: { $0.key < $1.key }) where query.collection.property(named: name)?.queryable == true {
            equal(name, value, in: query.collection)
        }
        if let dates = query.dates, let property = query.collection.temporalProperty {
            terms.append("\(property) IS NOT NULL")
            if let start = dates.start { terms.append("\(property) >= \(placeholder(.text(start)))") }
            if let end = dates.end { terms.append("\(property) <= \(placeholder(.text(end)))") }
        }
        for (key, value) in query.attributes.sorted(by: { $0.key < $1.key }) {
            terms.append("attributes IS NOT NULL AND (attributes::jsonb ->> \(placeholder(.text(key)))) = \(placeholder(.text(value)))")
        }
    }
}
