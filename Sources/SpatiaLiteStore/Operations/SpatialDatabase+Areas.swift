import Enforcement
import GeoKit
import GRDB
import Store

extension SpatialDatabase {
    /// Replaces every area of `level` with `areas`, in one transaction, and repacks the spatial index.
    /// Square kilometres are measured in the log entry's metric CRS (the store's).
    public func replaceAreas(level: AreaLevel, with areas: [AreaRecord], log: IngestLogEntry) throws {
        let crs = try write { db in
            guard let crs = try recordMetricCRS(of: log, in: db) else {
                throw StoreError(message: "areas written without a metric coordinate system to measure them in")
            }
            let triggers = try TriggerSuspension(table: "areas", in: db)
            try db.execute(sql: "DELETE FROM areas WHERE level = ?", arguments: [level.rawValue])
            try db.execute(sql: "DELETE FROM area_names WHERE level = ?", arguments: [level.rawValue])
            let insert = try RawStatement(db, sql: """
                INSERT INTO areas (level, code, name, parent_code, officer, officer_phone, area_km2, repair_note, geometry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for area in areas {
                insert.bind(1, level.rawValue)
                insert.bind(2, area.code)
                insert.bind(3, area.name)
                insert.bind(4, area.parentCode)
                insert.bind(5, area.officer)
                insert.bind(6, area.officerPhone)
                insert.bind(7, StoredValueEncoding.squareKilometres(area.geometry, in: crs))
                insert.bind(8, area.repairNote)
                insert.bind(9, blob: SpatiaLiteGeometryBlob.multiPolygon(area.geometry))
                try insert.step()
            }
            try db.execute(sql: """
                INSERT INTO area_names (level, code, name, parent_code, officer, officer_phone)
                SELECT level, code, name, parent_code, officer, officer_phone FROM areas WHERE level = ?
                """, arguments: [level.rawValue])
            try db.execute(sql: AreaPaths.rebuild)
            // Repack the index over every level: each row's box comes from its blob header.
            let boxes = try RawStatement(db, sql: """
                SELECT id, MbrMinX(geometry), MbrMaxX(geometry), MbrMinY(geometry), MbrMaxY(geometry) FROM areas
                """)
            var entries: [RTreeBulkLoader.Entry] = []
            while try boxes.next() {
                entries.append(RTreeBulkLoader.Entry(
                    id: boxes.int64(0), minX: boxes.double(1), maxX: boxes.double(2),
                    minY: boxes.double(3), maxY: boxes.double(4)))
            }
            try RTreeBulkLoader(table: "idx_areas_geometry").load(entries, in: db)
            try triggers.restore(in: db)
            try log.insert(in: db, events: 0)
            return crs
        }
        rememberMetricCRS(crs)
    }

    /// Every area of `level`, in code order.
    public func fetchAreas(level: AreaLevel) throws -> [AreaRecord] {
        try read { db in
            let statement = try RawStatement(db, sql: """
                SELECT code, name, parent_code, officer, officer_phone, repair_note, geometry
                FROM areas WHERE level = '\(level.rawValue)' ORDER BY code
                """)
            var areas: [AreaRecord] = []
            while try statement.next() {
                areas.append(AreaRecord(
                    level: level, code: statement.string(0) ?? "", name: statement.string(1) ?? "",
                    parentCode: statement.string(2), officer: statement.string(3), officerPhone: statement.string(4),
                    geometry: try SpatiaLiteGeometryBlob.decodeMultiPolygon(statement.blob(6)),
                    repairNote: statement.string(5)))
            }
            return areas
        }
    }

    /// The code and parent code of every area of `level`, without decoding the polygons.
    public func fetchAreaParents(level: AreaLevel) throws -> [(code: String, parent: String?)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT code, parent_code FROM area_names WHERE level = ? ORDER BY code", arguments: [level.rawValue])
                .map { ($0["code"], $0["parent_code"]) }
        }
    }

    /// The box around every stored area, or nil when there is none.
    public func areaExtent() throws -> BoundingBox? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT min(MbrMinX(geometry)) AS a, min(MbrMinY(geometry)) AS b,
                       max(MbrMaxX(geometry)) AS c, max(MbrMaxY(geometry)) AS d FROM areas
                """), let minX: Double = row["a"], let minY: Double = row["b"], let maxX: Double = row["c"], let maxY: Double = row["d"]
            else { return nil }
            return BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        }
    }

    /// How many areas each level holds.
    public func areaLevel(ofCode code: String) throws -> AreaLevel? {
        try read { db in
            // One seek of the (level, code) index per level, highest level first.
            for level in AreaLevel.allCases
            where try Bool.fetchOne(db, sql: "SELECT 1 FROM areas WHERE level = ? AND code = ?", arguments: [level.rawValue, code]) == true {
                return level
            }
            return nil
        }
    }

    public func areasRevision() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM ingests WHERE kind LIKE 'areas%'") ?? 0 }
    }

    public func areaCounts() throws -> [AreaLevel: Int] {
        try read { db in
            var counts: [AreaLevel: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT level, count(*) AS n FROM areas GROUP BY level") {
                if let level = AreaLevel(rawValue: row["level"]) { counts[level] = row["n"] }
            }
            return counts
        }
    }
}
