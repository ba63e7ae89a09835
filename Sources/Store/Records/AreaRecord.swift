import Enforcement
import GeoKit

/// One administrative area or enforcement grid as stored.
public struct AreaRecord: Sendable, Equatable {
    public var level: AreaLevel
    public var code: String
    public var name: String
    public var parentCode: String?
    /// The responsible grid officer, for grids.
    public var officer: String?
    public var officerPhone: String?
    /// WGS-84, valid (repaired on import when it was not).
    public var geometry: MultiPolygon
    /// Why the geometry was repaired on import, if it was.
    public var repairNote: String?

    public init(
        level: AreaLevel, code: String, name: String, parentCode: String? = nil, officer: String? = nil,
        officerPhone: String? = nil, geometry: MultiPolygon, repairNote: String? = nil
    ) {
        self.level = level
        self.code = code
        self.name = name
        self.parentCode = parentCode
        self.officer = officer
        self.officerPhone = officerPhone
        self.geometry = geometry
        self.repairNote = repairNote
    }
}
