import Enforcement
import GeoKit

/// One fixed pollution source as stored: its register entry, both coordinates, its areas.
public struct SourceRecord: Sendable, Equatable {
    public var sourceID: String
    public var name: String
    public var uscc: String?
    public var industry: String?
    public var category: String?
    public var status: SourceStatus
    public var statusDate: String?
    public var deadline: String?
    /// WGS-84 longitude/latitude.
    public var location: Coordinate
    /// Metres of the store's metric CRS (`MetricCRSStore`).
    public var projected: Coordinate
    /// The date a snapshot no longer listed the source; removed sources keep their last state.
    public var removedOn: String?
    public var assignment: SourceAssignment
    /// The register's columns that map to no field, as a JSON object of text values keyed by
    /// the original header names (empty cells left out); nil when there are none.
    public var attributes: String?
    /// The area the register declares the source in (a 行政区划代码, a state code), as given.
    public var declaredAreaCode: String?

    public init(
        sourceID: String, name: String, uscc: String? = nil, industry: String? = nil, category: String? = nil,
        status: SourceStatus, statusDate: String? = nil, deadline: String? = nil,
        location: Coordinate, projected: Coordinate, removedOn: String? = nil,
        assignment: SourceAssignment = .unassigned, attributes: String? = nil, declaredAreaCode: String? = nil
    ) {
        self.sourceID = sourceID
        self.name = name
        self.uscc = uscc
        self.industry = industry
        self.category = category
        self.status = status
        self.statusDate = statusDate
        self.deadline = deadline
        self.location = location
        self.projected = projected
        self.removedOn = removedOn
        self.assignment = assignment
        self.attributes = attributes
        self.declaredAreaCode = declaredAreaCode
    }

    /// Whether two records describe the same register entry (ignoring areas and removal).
    public func sameRegisterEntry(as other: SourceRecord) -> Bool {
        sourceID == other.sourceID && name == other.name && uscc == other.uscc && industry == other.industry
            && category == other.category && status == other.status && statusDate == other.statusDate
            && deadline == other.deadline && location == other.location && attributes == other.attributes
            && declaredAreaCode == other.declaredAreaCode
    }
}
