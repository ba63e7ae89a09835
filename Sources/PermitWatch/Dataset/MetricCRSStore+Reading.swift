import GeoKit
import Store

extension MetricCRSStore {
    /// The store's metric CRS for a use case that reads x/y (analytics, reports, routes,
    /// queries by distance).
    ///
    /// - Throws: `Refusal` when the store has none, which means it holds no data yet.
    func metricCRSForReading() throws -> MetricCRS {
        guard let crs = try metricCRS() else {
            throw Refusal("the database holds no data yet, so it has no metric coordinate system: load some with `permitwatch ingest`")
        }
        return crs
    }
}
