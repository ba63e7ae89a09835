import GeoKit
import GRDB
import Store

extension SpatialDatabase {
    /// Whether SpatiaLite (PROJ) knows the EPSG code.
    public func isKnownSRID(_ srid: Int) throws -> Bool {
        try read { try Int.fetchOne($0, sql: "SELECT count(*) FROM spatial_ref_sys WHERE srid = ?", arguments: [srid]) ?? 0 > 0 }
    }

    /// Converts points from any EPSG system to WGS-84 through SpatiaLite's `ST_Transform` (PROJ).
    ///
    /// Only for the systems GeoKit does not transform in process; it costs tens of microseconds a
    /// point, which is fine for the occasional file in a local projection.
    public func transformToWGS84(_ points: [Coordinate], fromEPSG srid: Int) throws -> [Coordinate] {
        try read { db in
            let statement = try RawStatement(db, sql: "SELECT X(t), Y(t) FROM (SELECT ST_Transform(MakePoint(?, ?, ?), 4326) AS t)")
            var out: [Coordinate] = []
            out.reserveCapacity(points.count)
            for p in points {
                statement.bind(1, p.x)
                statement.bind(2, p.y)
                statement.bind(3, Int64(srid))
                guard try statement.next(), !statement.isNull(0) else {
                    throw StoreError(message: "ST_Transform could not convert (\(p.x), \(p.y)) from EPSG:\(srid)", sql: statement.sql)
                }
                out.append(Coordinate(statement.double(0), statement.double(1)))
                _ = try statement.next()
            }
            return out
        }
    }
}
