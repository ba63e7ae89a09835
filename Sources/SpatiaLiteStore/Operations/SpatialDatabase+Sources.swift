import Enforcement
import GeoKit
import GRDB
import ParallelWork
import Store

extension SpatialDatabase {
    /// Every stored source, in `source_id` order, removed ones included.
    public func fetchSources() throws -> [SourceRecord] {
        try read { db in
            let statement = try RawStatement(db, sql: """
                SELECT source_id, name, uscc, industry, category, status, status_date, deadline,
                       lon, lat, x, y, removed_on, prefecture_code, county_code, town_code, grid_code,
                       cell_ix, cell_iy, placement, snap_distance_m, location_mismatch, attributes, declared_area_code
                FROM sources ORDER BY source_id
                """)
            var records: [SourceRecord] = []
            records.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0)
            while try statement.next() {
                records.append(SourceRecord(
                    sourceID: statement.string(0) ?? "",
                    name: statement.string(1) ?? "",
                    uscc: statement.string(2),
                    industry: statement.string(3),
                    category: statement.string(4),
                    status: SourceStatus(rawValue: statement.string(5) ?? "") ?? .unlicensed,
                    statusDate: statement.string(6),
                    deadline: statement.string(7),
                    location: Coordinate(statement.double(8), statement.double(9)),
                    projected: Coordinate(statement.double(10), statement.double(11)),
                    removedOn: statement.string(12),
                    assignment: SourceAssignment(
                        prefectureCode: statement.string(13), countyCode: statement.string(14),
                        townCode: statement.string(15), gridCode: statement.string(16),
                        cellX: statement.int(17), cellY: statement.int(18),
                        placement: Placement(rawValue: statement.string(19) ?? "") ?? .unassigned,
                        snapDistance: statement.optionalDouble(20), locationMismatch: statement.int(21).map { $0 != 0 }),
                    attributes: statement.string(22),
                    declaredAreaCode: statement.string(23)))
            }
            return records
        }
    }

    /// Where every stored source is and where it was assigned, in row order: what `assign`
    /// needs, without the register details `fetchSources` decodes.
    public func fetchPlacements() throws -> StoredPlacements {
        try read { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0
            var locations: [Coordinate] = [], projected: [Coordinate] = [], assignments: [SourceAssignment] = []
            var declared: [Int: String] = [:]
            locations.reserveCapacity(count)
            projected.reserveCapacity(count)
            assignments.reserveCapacity(count)
            let statement = try RawStatement(db, sql: """
                SELECT lon, lat, x, y, prefecture_code, county_code, town_code, grid_code, cell_ix, cell_iy,
                       placement, snap_distance_m, location_mismatch, declared_area_code
                FROM sources ORDER BY id
                """)
            func code(_ column: Int32) -> String? { statement.string(column) }
            while try statement.next() {
                locations.append(Coordinate(statement.double(0), statement.double(1)))
                projected.append(Coordinate(statement.double(2), statement.double(3)))
                assignments.append(SourceAssignment(
                    prefectureCode: code(4), countyCode: code(5), townCode: code(6), gridCode: code(7),
                    cellX: statement.int(8), cellY: statement.int(9),
                    placement: Placement(rawValue: statement.string(10) ?? "") ?? .unassigned,
                    snapDistance: statement.optionalDouble(11), locationMismatch: statement.int(12).map { $0 != 0 }))
                if let code = statement.string(13) { declared[assignments.count - 1] = code }
            }
            return StoredPlacements(locations: locations, projected: projected, assignments: assignments, declaredAreaCodes: declared)
        }
    }

    /// Replaces the whole source register with `records` and appends `events`, in one transaction.
    public func replaceSources(_ records: [SourceRecord], events: [EventRecord], log: IngestLogEntry) throws {
        try replaceSources(streaming: WholeRegister(records, events: events, log: log))
    }

    /// Replaces the whole source register with the rows `load` delivers, batch by batch, in one
    /// transaction committed through `load.commit(_:)`.
    ///
    /// The register is rewritten rather than patched: a bulk rewrite with the triggers suspended
    /// and the spatial index packed afterwards is faster than updating even a few percent of the
    /// rows through SpatiaLite's per-row triggers. Row ids follow the order of the rows. Each
    /// batch is inserted as soon as it arrives, so a load that reads its file on the other core
    /// writes while it reads; the id index and the R*Tree are built once, after the last row.
    public func replaceSources(streaming load: some SourceLoad) throws {
        let crs = try bulkWrite(commitThrough: load.commit) { db in
            // First, so that x/y of another system are refused before any row is touched.
            let crs = try recordMetricCRS(load.metricCRS, file: load.file, in: db)
            let triggers = try TriggerSuspension(table: "sources", in: db)
            // The id index is rebuilt by one sort afterwards, cheaper than 680,000 insertions.
            try db.execute(sql: "DROP INDEX sources_by_source_id; DELETE FROM sources")
            let insert = BatchInserter(db, table: "sources", columns: [
                "id", "source_id", "name", "uscc", "industry", "category", "status", "status_date", "deadline",
                "lon", "lat", "x", "y", "removed_on", "prefecture_code", "county_code", "town_code", "grid_code",
                "cell_ix", "cell_iy", "placement", "snap_distance_m", "location_mismatch", "attributes", "declared_area_code",
                "geometry",
            ])
            // The entries are taken here, on the writing thread, not by the task that packs
            // them: reading the records on both cores at once would bounce their strings'
            // reference counts between the caches.
            var entries: [RTreeBulkLoader.Entry] = []
            // Statuses and placements are enums here: the CHECK constraints could never fail.
            try CheckConstraintSuspension.during(db) {
                while let batch = try load.nextBatch() {
                    try Self.insert(batch, with: insert, entries: &entries)
                }
                try insert.finish()
            }
            // A load found bad at its last row stops here, before the indexes are built.
            let (events, log) = try load.finish()
            // Pack the spatial index on another core while SQLite builds the id index.
            let index = RTreeBulkLoader(table: "idx_sources_geometry")
            let packing = BackgroundTask { [nodeSize = try index.nodeSize(in: db), entries] in
                PackedRTree(entries, nodeSize: nodeSize)
            }
            entries = []
            try db.execute(sql: "CREATE UNIQUE INDEX sources_by_source_id ON sources (source_id)")
            try index.write(packing.wait(), in: db)
            try triggers.restore(in: db)
            let ingest = try log.insert(in: db, events: events.count)
            try insertEvents(events, ingest: ingest, in: db)
            return crs
        }
        rememberMetricCRS(crs)
    }

    /// Adds the rows of `records` to the statement being built and their points to `entries`,
    /// numbered on from the entries already there.
    private static func insert(_ records: [SourceRecord], with insert: BatchInserter, entries: inout [RTreeBulkLoader.Entry]) throws {
        // Fields are read in place: binding a local copy of each record would retain and
        // release its dozen strings once per row.
        try records.withUnsafeBufferPointer { rows in
            for index in rows.indices {
                let rowID = Int64(entries.count + 1), p = rows[index].location
                entries.append(RTreeBulkLoader.Entry(id: rowID, minX: p.x, maxX: p.x, minY: p.y, maxY: p.y))
                insert.integer(rowID)
                insert.text(rows[index].sourceID)
                insert.text(rows[index].name)
                insert.text(rows[index].uscc)
                insert.text(rows[index].industry)
                insert.text(rows[index].category)
                insert.text(rows[index].status.rawValue)
                insert.text(rows[index].statusDate)
                insert.text(rows[index].deadline)
                insert.real(rows[index].location.x)
                insert.real(rows[index].location.y)
                insert.real(rows[index].projected.x)
                insert.real(rows[index].projected.y)
                insert.text(rows[index].removedOn)
                insert.text(rows[index].assignment.prefectureCode)
                insert.text(rows[index].assignment.countyCode)
                insert.text(rows[index].assignment.townCode)
                insert.text(rows[index].assignment.gridCode)
                insert.integer(rows[index].assignment.cellX)
                insert.integer(rows[index].assignment.cellY)
                insert.text(rows[index].assignment.placement.rawValue)
                insert.real(rows[index].assignment.snapDistance)
                insert.integer(rows[index].assignment.locationMismatch.map { $0 ? 1 : 0 })
                insert.text(rows[index].attributes)
                insert.text(rows[index].declaredAreaCode)
                insert.blob { SpatiaLiteGeometryBlob.appendPoint(rows[index].location, to: &$0) }
                try insert.endRow()
            }
        }
    }

    /// How many sources are stored, removed ones included.
    public func sourceCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0 }
    }

    /// Writes new assignments for the sources whose assignment changed; returns how many.
    ///
    /// - Parameter assignments: one per source, in `source_id` (row id) order, as `fetchSources`
    ///   returned them.
    public func updateAssignments(_ assignments: [SourceAssignment], previous: [SourceAssignment], cellSize: Double) throws -> Int {
        precondition(assignments.count == previous.count, "one assignment per stored source")
        let changed = assignments.indices.filter { assignments[$0] != previous[$0] }
        return try write { db in
            try db.execute(sql: "UPDATE settings SET value = ? WHERE key = 'cell_size'", arguments: ["\(cellSize)"])
            guard !changed.isEmpty else { return 0 }
            try Self.writeAssignments(assignments, at: changed, positions: nil, in: db)
            return changed.count
        }
    }

    /// Writes the assignments of the sources at `indexes` (row id = index + 1, as
    /// `replaceSources` numbers them) and, with `positions`, their new x/y.
    ///
    /// The new values go into a temporary table in bulk, then one UPDATE joins them in by row
    /// id: rewriting every row (a new cell size, a re-projection) takes about a second instead
    /// of the ten that 680,000 single-row UPDATEs take.
    static func writeAssignments(
        _ assignments: [SourceAssignment], at indexes: [Int], positions: [Coordinate]?, in db: Database
    ) throws {
        guard !indexes.isEmpty else { return }
        try db.execute(sql: """
            CREATE TEMP TABLE new_assignments (
                id INTEGER PRIMARY KEY, prefecture_code TEXT, county_code TEXT, town_code TEXT, grid_code TEXT,
                cell_ix INTEGER, cell_iy INTEGER, placement TEXT, snap_distance_m REAL, location_mismatch INTEGER,
                x REAL, y REAL)
            """)
        defer { try? db.execute(sql: "DROP TABLE temp.new_assignments") }
        let insert = BatchInserter(db, table: "new_assignments", columns: [
            "id", "prefecture_code", "county_code", "town_code", "grid_code", "cell_ix", "cell_iy", "placement", "snap_distance_m",
            "location_mismatch", "x", "y",
        ])
        for index in indexes {
            let a = assignments[index]
            insert.integer(Int64(index + 1))
            insert.text(a.prefectureCode)
            insert.text(a.countyCode)
            insert.text(a.townCode)
            insert.text(a.gridCode)
            insert.integer(a.cellX)
            insert.integer(a.cellY)
            insert.text(a.placement.rawValue)
            insert.real(a.snapDistance)
            insert.integer(a.locationMismatch.map { $0 ? 1 : 0 })
            insert.real(positions?[index].x)
            insert.real(positions?[index].y)
            try insert.endRow()
        }
        try insert.finish()
        // No geometry changes: SpatiaLite's per-row timestamp trigger would only slow it down.
        let triggers = try TriggerSuspension(table: "sources", in: db)
        // The placements come from an enum: the CHECK constraint could never fail.
        try CheckConstraintSuspension.during(db) {
            try db.execute(sql: """
                UPDATE sources SET prefecture_code = n.prefecture_code, county_code = n.county_code,
                    town_code = n.town_code, grid_code = n.grid_code, cell_ix = n.cell_ix, cell_iy = n.cell_iy,
                    placement = n.placement, snap_distance_m = n.snap_distance_m, location_mismatch = n.location_mismatch,
                    x = coalesce(n.x, sources.x), y = coalesce(n.y, sources.y)
                FROM temp.new_assignments AS n WHERE n.id = sources.id
                """)
        }
        try triggers.restore(in: db)
    }

    /// The square-grid cell size in metres the stored cells were computed with.
    public func storedCellSize() throws -> Double {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'cell_size'").flatMap(Double.init) ?? 1000
        }
    }
}
