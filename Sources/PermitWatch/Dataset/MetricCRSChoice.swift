import Foundation
import GeoKit
import Store

/// The metric CRS an ingest projects in, decided once for every ingest the same way: the
/// store's when it has one, else the user's `--metric-crs`, else the system fitted to the data
/// (`MetricCRS.fitting`).
///
/// The store's is never changed by an ingest: a `--metric-crs` that names another is refused
/// with the way to change it (`assign --metric-crs`), because projecting a new file in one
/// system beside x/y of another would put every distance between them wrong.
public enum MetricCRSChoice {
    /// Parses the user's `--metric-crs` (or `metric_crs`) text; nil when none was given.
    ///
    /// - Throws: `ParameterError` naming `metric_crs`, with what is accepted.
    public static func parse(_ text: String?) throws -> MetricCRS? {
        guard let text else { return nil }
        do {
            return try MetricCRS(parsing: text)
        } catch {
            throw ParameterError("metric_crs", text, error.description)
        }
    }

    /// The system to project in: `stored`, else `requested`, else the one fitted to
    /// `coordinates()` (the data's longitude/latitude, asked for only then).
    ///
    /// Data too wide for any projection to keep distances within 2 % (a whole country, the
    /// world) gets the fitted conic with distances measured on the ellipsoid (`fitting`).
    ///
    /// - Throws: `ParameterError` (`metric_crs`) when `requested` differs from `stored`, or when
    ///   nothing is stored, nothing requested, and there are no coordinates to fit.
    static func forIngest(
        stored: MetricCRS?, requested: MetricCRS?, coordinates: () -> [Coordinate]
    ) throws -> MetricCRS {
        if let stored {
            if let requested, requested != stored {
                throw ParameterError(
                    "metric_crs", requested.description,
                    "the database's metric CRS is \(stored) (\(stored.name)) and an ingest never changes it; "
                        + "re-project the database first with `permitwatch assign --metric-crs \(requested)`",
                    kind: .rejected)
            }
            return stored
        }
        if let requested { return requested }
        guard let extent = MetricCRS.extent(covering: coordinates()), let fitted = MetricCRS.fitting(extent) else {
            throw ParameterError(
                "metric_crs", nil, "the database has no metric CRS and the file no coordinates to choose one from; pass --metric-crs",
                kind: .rejected)
        }
        return fitted
    }
}
