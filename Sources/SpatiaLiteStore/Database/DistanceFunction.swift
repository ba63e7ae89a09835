import GeoKit
import GRDB

/// `permitwatch_distance(x1, y1, lon1, lat1, x2, y2, lon2, lat2)`: the distance in metres
/// between two points as the store's metric CRS measures it: between their x/y, or on the
/// ellipsoid between their longitudes/latitudes when the store measures there
/// (`MetricCRS.Distances.geodesic`: data too wide for any projection to keep distances).
///
/// The catalog's queries measure with it, so one query text is right in both kinds of store;
/// in the plane it is the same arithmetic as `sqrt(dx² + dy²)` on the stored x/y. Like
/// `permitwatch_cell_meets_box`, it reads the system the caller has read (into `metricCRS`).
enum DistanceFunction {
    static let name = "permitwatch_distance"

    static func distance(metricCRS: MetricCRSCache) -> DatabaseFunction {
        DatabaseFunction(name, argumentCount: 8, pure: true) { values in
            let numbers = values.map { Double.fromDatabaseValue($0) }
            guard numbers.allSatisfy({ $0 != nil }) else { return nil }
            let v = numbers.map { $0! }
            if let crs = metricCRS.current, crs.distances == .geodesic {
                return crs.ellipsoid.surfaceDistance(from: Coordinate(v[2], v[3]), to: Coordinate(v[6], v[7]))
            }
            let dx = v[0] - v[4], dy = v[1] - v[5]
            return (dx * dx + dy * dy).squareRoot()
        }
    }
}
