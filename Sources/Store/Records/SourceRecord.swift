import Enforcement
import GeoKit

/// One fixed pollution source as stored: its register entry, both coordinates, its areas.
public struct SourceRecord: Sendable, Equatable {
    // Stored in this order so that a record takes no more memory than before it had extras
    // (a province holds three copies of its 680,000 records while it is re-ingested): `status`
    // sits in the assignment's tail padding, the extras are one reference.
    public var sourceID: String
    public var name: String
    public var uscc: String?
    public var industry: String?
    public var category: String?
    public var statusDate: String?
    public var deadline: String?
    /// WGS-84 longitude/latitude.
    public var location: Coordinate
    /// Metres of the store's metric CRS (`MetricCRSStore`).
    public var projected: Coordinate
    /// The date a snapshot no longer listed the source; removed sources keep their last state.
    public var removedOn: String?
    /// What the register says beyond the known fields; nil for most records.
    public var extras: SourceExtras?
    public var assignment: SourceAssignment
    public var status: SourceStatus

    /// The register's columns that map to no field, as a JSON object of text values keyed by
    /// the original header names (empty cells left out); nil when there are none.
    public var attributes: String? {
        get { extras?.attributes }
        set { extras = SourceExtras(attributes: newValue, declaredAreaCode: declaredAreaCode) }
    }

    /// The area the register declares the source in (a 行政区划代码, a state code), as given.
    public var declaredAreaCode: String? {
        get { extras?.declaredAreaCode }
        set { extras = SourceExtras(attributes: attributes, declaredAreaCode: newValue) }
    }

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
        self.extras = SourceExtras(attributes: attributes, declaredAreaCode: declaredAreaCode)
    }

    /// Whether two records describe the same register entry (ignoring areas and removal).
    public func sameRegisterEntry(as other: SourceRecord) -> Bool {
        sourceID == other.sourceID && name == other.name && uscc == other.uscc && industry == other.industry
            && category == other.category && status == other.status && statusDate == other.statusDate
            && deadline == other.deadline && location == other.location && extras == other.extras
    }
}
