import Enforcement
import GeoKit

/// Where every stored source is and where it was assigned, in row order: what assignment reads.
public struct StoredPlacements: Sendable {
    public var locations: [Coordinate]
    public var projected: [Coordinate]
    public var assignments: [SourceAssignment]
    /// The declared area codes of the sources that have one, by row index.
    public var declaredAreaCodes: [Int: String]

    public init(locations: [Coordinate], projected: [Coordinate], assignments: [SourceAssignment], declaredAreaCodes: [Int: String] = [:]) {
        self.locations = locations
        self.projected = projected
        self.assignments = assignments
        self.declaredAreaCodes = declaredAreaCodes
    }
}
