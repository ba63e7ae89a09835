import GeoKit

/// Coordinate systems the process cannot transform itself, which the database's PROJ does: a
/// role of the store (see `EnforcementStore`).
public protocol CoordinateTransforming: Sendable {
    func isKnownSRID(_ srid: Int) throws -> Bool
    func transformToWGS84(_ points: [Coordinate], fromEPSG srid: Int) throws -> [Coordinate]
}
