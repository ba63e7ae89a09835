import Enforcement
import GeoKit
import NIOCore
import PostgresNIO
import Store

extension PostGISDatabase {
    /// The columns of a source row, in the order `copyRow` writes them.
    static let sourceColumns = [
        "id", "source_id", "name", "uscc", "industry", "category", "status", "status_date", "deadline",
        "lon", "lat", "x", "y", "removed_on", "prefecture_code", "county_code", "town_code", "grid_code",
        "cell_ix", "cell_iy", "placement", "snap_distance_m", "location_mismatch", "attributes", "declared_area_code",
        "geometry",
    ]

    public func fetchSources() throws -> [SourceRecord] {
        try read { db in
            // COLLATE "C": byte order, as SpatiaLite sorts text, whatever the database's locale.
            try db.rows("""
                SELECT source_id, name, uscc, industry, category, status, status_date, deadline,
                       lon, lat, x, y, removed_on, prefecture_code, county_code, town_code, grid_code,
                       cell_ix, cell_iy, placement, snap_distance_m, location_mismatch, attributes, declared_area_code
                FROM sources ORDER BY source_id COLLATE "C"
                """) { row in
                var cells = CellReader(row)
                let sourceID = try cells.text() ?? "", name = try cells.text() ?? "", uscc = try cells.text()
                let industry = try cells.text(), category = try cells.text()
                let status = SourceStatus(rawValue: try cells.text() ?? "") ?? .unlicensed
                let statusDate = try cells.text(), deadline = try cells.text()
                let location = Coordinate(try cells.real() ?? 0, try cells.real() ?? 0)
                let projected = Coordinate(try cells.real() ?? 0, try cells.real() ?? 0)
                let removedOn = try cells.text()
                let assignment = try cells.assignment()
                return SourceRecord(
                    sourceID: sourceID, name: name, uscc: uscc, industry: industry, category: category, status: status,
                    statusDate: statusDate, deadline: deadline, location: location, projected: projected, removedOn: removedOn,
                    assignment: assignment, attributes: try cells.text(), declaredAreaCode: try cells.text())
            }
        }
    }

    public func fetchPlacements() throws -> StoredPlacements {
        let rows = try read { db in
            try db.rows("""
                SELECT lon, lat, x, y, prefecture_code, county_code, town_code, grid_code, cell_ix, cell_iy,
                       placement, snap_distance_m, location_mismatch, declared_area_code
                FROM sources ORDER BY id
                """) { row in
                var cells = CellReader(row)
                let location = Coordinate(try cells.real() ?? 0, try cells.real() ?? 0)
                let projected = Coordinate(try cells.real() ?? 0, try cells.real() ?? 0)
                return (location, projected, try cells.assignment(), try cells.text())
            }
        }
        var declared: [Int: String] = [:]
        for (index, row) in rows.enumerated() { if let code = row.3 { declared[index] = code } }
        return StoredPlacements(
            locations: rows.map(\.0), projected: rows.map(\.1), assignments: rows.map(\.2), declaredAreaCodes: declared)
    }

    public func replaceSources(_ records: [SourceRecord], events: [EventRecord], log: IngestLogEntry) throws {
        try replaceSources(streaming: WholeRegister(records, events: events, log: log))
    }

    /// Replaces the register with the rows `load` delivers, in one transaction: `COPY` streams
    /// each batch to the server as it is read, into a new table without indexes beside
    /// `sources`; its indexes are built once, after the last row, as a bulk load into PostgreSQL
    /// is done by hand; then it takes the place of `sources` (`swapInLoadedSources`).
    ///
    /// Loading aside keeps every reader going: servers page the old register, under MVCC, until
    /// the commit. Emptying `sources` itself (`TRUNCATE`, `DROP INDEX`) would take its exclusive
    /// lock at the start and stop every page and report for the whole load.
    public func replaceSources(streaming load: some SourceLoad) throws {
        let crs = try write(commitThrough: load.commit) { db in
            // First, so that x/y of another system are refused before any row is touched.
            let crs = try recordMetricCRS(load.metricCRS, file: load.file, in: db)
            try db.execute("CREATE TABLE sources_load (LIKE sources INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
            var rowID: Int64 = 0
            try db.copy(into: "sources_load", columns: Self.sourceColumns) {
                guard let batch = try load.nextBatch() else { return nil }
                var text = CopyText(capacity: max(4096, batch.count * 256))
                for record in batch {
                    rowID += 1
                    Self.copyRow(record, id: rowID, into: &text)
                }
                return text.take()
            }
            // A load found bad at its last row stops here, before the indexes are built.
            let (events, log) = try load.finish()
            try Self.swapInLoadedSources(db)
            let ingest = try insertLog(log, events: events.count, in: db)
            try insertEvents(events, ingest: ingest, in: db)
            return crs
        }
        rememberMetricCRS(crs)
    }

    /// Indexes `sources_load` as `sources` is indexed and puts it in the place of `sources`.
    /// Only the last statements take `sources`' exclusive lock, for milliseconds: readers then
    /// wait for the commit and go on with the new table (PostgreSQL looks a name up again once
    /// the lock it waited for is granted). Grants on `sources` do not follow it: a reader role
    /// gets the new table through `ALTER DEFAULT PRIVILEGES` (README, "PostgreSQL with PostGIS").
    static func swapInLoadedSources(_ db: PostgresTransaction) throws {
        try db.execute("ALTER TABLE sources_load ADD CONSTRAINT sources_load_pkey PRIMARY KEY (id)")
        try db.execute("CREATE UNIQUE INDEX sources_load_by_source_id ON sources_load (source_id)")
        try db.execute("CREATE INDEX sources_load_geometry ON sources_load USING gist (geometry)")
        try db.execute("ANALYZE sources_load")
        try db.execute("DROP VIEW sources_named")
        try db.execute("DROP TABLE sources")
        try db.execute("ALTER TABLE sources_load RENAME TO sources")
        try db.execute("ALTER INDEX sources_load_pkey RENAME TO sources_pkey")
        try db.execute("ALTER INDEX sources_load_by_source_id RENAME TO sources_by_source_id")
        try db.execute("ALTER INDEX sources_load_geometry RENAME TO sources_geometry")
        try db.execute(PostGISSchema.sourcesNamedView)
    }

    private static func copyRow(_ record: SourceRecord, id: Int64, into text: inout CopyText) {
        text.integer(id)
        text.text(record.sourceID)
        text.text(record.name)
        text.text(record.uscc)
        text.text(record.industry)
        text.text(record.category)
        text.text(record.status.rawValue)
        text.text(record.statusDate)
        text.text(record.deadline)
        text.real(record.location.x)
        text.real(record.location.y)
        text.real(record.projected.x)
        text.real(record.projected.y)
        text.text(record.removedOn)
        let a = record.assignment
        text.text(a.prefectureCode)
        text.text(a.countyCode)
        text.text(a.townCode)
        text.text(a.gridCode)
        text.integer(a.cellX)
        text.integer(a.cellY)
        text.text(a.placement.rawValue)
        text.real(a.snapDistance)
        text.integer(a.locationMismatch.map { $0 ? 1 : 0 })
        text.text(record.attributes)
        text.text(record.declaredAreaCode)
        text.point(record.location)
        text.endRow()
    }

    public func sourceCount() throws -> Int {
        try read { db in try db.value(Int.self, "SELECT count(*) FROM sources") ?? 0 }
    }

    public func updateAssignments(_ assignments: [SourceAssignment], previous: [SourceAssignment], cellSize: Double) throws -> Int {
        precondition(assignments.count == previous.count, "one assignment per stored source")
        let changed = assignments.indices.filter { assignments[$0] != previous[$0] }
        return try write { db in
            try db.execute("UPDATE settings SET value = $1 WHERE key = 'cell_size'", [.text("\(cellSize)")])
            guard !changed.isEmpty else { return 0 }
            try Self.writeAssignments(assignments, at: changed, positions: nil, in: db)
            return changed.count
        }
    }

    /// Writes the assignments of the sources at `indexes` (row id = index + 1) and, with
    /// `positions`, their new x/y: copied into a temporary table, then joined in by one UPDATE.
    static func writeAssignments(_ assignments: [SourceAssignment], at indexes: [Int], positions: [Coordinate]?, in db: PostgresTransaction) throws {
        guard !indexes.isEmpty else { return }
        try db.execute("""
            CREATE TEMP TABLE new_assignments (
                id bigint PRIMARY KEY, prefecture_code text, county_code text, town_code text, grid_code text,
                cell_ix bigint, cell_iy bigint, placement text, snap_distance_m double precision, location_mismatch bigint,
                x double precision, y double precision) ON COMMIT DROP
            """)
        var next = 0
        try db.copy(into: "new_assignments", columns: [
            "id", "prefecture_code", "county_code", "town_code", "grid_code", "cell_ix", "cell_iy", "placement", "snap_distance_m",
            "location_mismatch", "x", "y",
        ]) {
            guard next < indexes.count else { return nil }
            var text = CopyText()
            while next < indexes.count, text.byteCount < 1 << 20 {
                let index = indexes[next], a = assignments[index]
                next += 1
                text.integer(Int64(index + 1))
                text.text(a.prefectureCode)
                text.text(a.countyCode)
                text.text(a.townCode)
                text.text(a.gridCode)
                text.integer(a.cellX)
                text.integer(a.cellY)
                text.text(a.placement.rawValue)
                text.real(a.snapDistance)
                text.integer(a.locationMismatch.map { $0 ? 1 : 0 })
                text.real(positions?[index].x)
                text.real(positions?[index].y)
                text.endRow()
            }
            return text.take()
        }
        try db.execute("""
            UPDATE sources SET prefecture_code = n.prefecture_code, county_code = n.county_code,
                town_code = n.town_code, grid_code = n.grid_code, cell_ix = n.cell_ix, cell_iy = n.cell_iy,
                placement = n.placement, snap_distance_m = n.snap_distance_m, location_mismatch = n.location_mismatch,
                x = coalesce(n.x, sources.x), y = coalesce(n.y, sources.y)
            FROM new_assignments AS n WHERE n.id = sources.id
            """)
        try db.execute("DROP TABLE new_assignments")
    }

    public func storedCellSize() throws -> Double {
        try read { db in try db.value(String.self, "SELECT value FROM settings WHERE key = 'cell_size'").flatMap(Double.init) ?? 1000 }
    }
}

/// A row's cells read in column order, each decoded as the store wrote it.
struct CellReader {
    private var iterator: PostgresRow.Iterator

    init(_ row: PostgresRow) { iterator = row.makeIterator() }

    private mutating func cell() throws -> PostgresCell {
        guard let cell = iterator.next() else { throw StoreError(message: "a row with fewer columns than the store reads") }
        return cell
    }

    mutating func text() throws -> String? { try cell().decode(String?.self) }
    mutating func real() throws -> Double? { try cell().decode(Double?.self) }
    mutating func integer() throws -> Int? { try cell().decode(Int?.self) }
    mutating func bytes() throws -> ByteBuffer? { try cell().decode(ByteBuffer?.self) }
    mutating func boolean() throws -> Bool? { try cell().decode(Bool?.self) }

    /// prefecture, county, town, grid codes, cell x and y, placement, snap distance, mismatch.
    mutating func assignment() throws -> SourceAssignment {
        SourceAssignment(
            prefectureCode: try text(), countyCode: try text(), townCode: try text(), gridCode: try text(),
            cellX: try integer(), cellY: try integer(),
            placement: Placement(rawValue: try text() ?? "") ?? .unassigned,
            snapDistance: try real(), locationMismatch: try integer().map { $0 != 0 })
    }
}
