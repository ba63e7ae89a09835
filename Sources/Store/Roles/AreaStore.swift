import Enforcement
import GeoKit

/// The administrative areas (prefecture, county, town) and enforcement grids, with their
/// polygons: a role of the store (see `EnforcementStore`).
public protocol AreaStore: Sendable {
    /// Replaces one level, in one transaction.
    func replaceAreas(level: AreaLevel, with areas: [AreaRecord], log: IngestLogEntry) throws
    func fetchAreas(level: AreaLevel) throws -> [AreaRecord]
    /// Codes and parent codes only, without decoding polygons.
    func fetchAreaParents(level: AreaLevel) throws -> [(code: String, parent: String?)]
    /// The longitude/latitude box of every stored area, nil when none is stored.
    func areaExtent() throws -> BoundingBox?
    func areaCounts() throws -> [AreaLevel: Int]
    /// A number that changes whenever a level of areas is replaced: how something built from
    /// the areas (a field write's assigner) knows it is stale without reading them.
    func areasRevision() throws -> Int64
    /// The level of the area with this code (the highest when several levels share it), nil
    /// when no area has it: how a code the user gives is checked before it filters anything.
    func areaLevel(ofCode code: String) throws -> AreaLevel?
    /// Every area's code, name, level, parent and officer, without polygons.
    func fetchAreaDirectory() throws -> [AreaDirectoryEntry]
    /// For each WGS-84 point, the area of `level` that contains it (the lowest code where areas
    /// overlap, as the assignment's rule), nil when none does: names places, such as a hot
    /// cell's centre, for people.
    func areas(containing points: [Coordinate], level: AreaLevel) throws -> [AreaDirectoryEntry?]
    func fetchAreaOutlines(level: AreaLevel, codes: [String]) throws -> [String: MultiPolygon]
}
