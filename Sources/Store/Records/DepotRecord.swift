import GeoKit

/// An enforcement bureau's office: where inspection teams start and end their day.
public struct DepotRecord: Sendable, Equatable {
    public var code: String
    public var name: String
    public var countyCode: String?
    public var location: Coordinate
    public var projected: Coordinate

    public init(code: String, name: String, countyCode: String?, location: Coordinate, projected: Coordinate) {
        self.code = code
        self.name = name
        self.countyCode = countyCode
        self.location = location
        self.projected = projected
    }
}
