import GeoKit
import GRDB
import Store

extension SpatialDatabase {
    /// Replaces every depot with `depots`, in one transaction.
    public func replaceDepots(_ depots: [DepotRecord], log: IngestLogEntry) throws {
        let crs = try write { db in
            let crs = try recordMetricCRS(of: log, in: db)
            try db.execute(sql: "DELETE FROM depots")
            let insert = try RawStatement(db, sql: """
                INSERT INTO depots (code, name, county_code, lon, lat, x, y, geometry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for depot in depots {
                insert.bind(1, depot.code)
                insert.bind(2, depot.name)
                insert.bind(3, depot.countyCode)
                insert.bind(4, depot.location.x)
                insert.bind(5, depot.location.y)
                insert.bind(6, depot.projected.x)
                insert.bind(7, depot.projected.y)
                insert.bind(8, blob: SpatiaLiteGeometryBlob.point(depot.location))
                try insert.step()
            }
            try log.insert(in: db, events: 0)
            return crs
        }
        rememberMetricCRS(crs)
    }

    /// Every depot, in code order.
    public func fetchDepots() throws -> [DepotRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT code, name, county_code, lon, lat, x, y FROM depots ORDER BY code").map {
                DepotRecord(
                    code: $0["code"], name: $0["name"], countyCode: $0["county_code"],
                    location: Coordinate($0["lon"], $0["lat"]), projected: Coordinate($0["x"], $0["y"]))
            }
        }
    }
}
