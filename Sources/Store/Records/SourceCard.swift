import Enforcement

/// What a field team needs to know about a source it is sent to: who it is, what it is, where
/// (town and grid by name) and whom to call (the grid officer).
public struct SourceCard: Sendable, Equatable {
    public var sourceID: String
    public var name: String
    public var uscc: String?
    public var industry: String?
    public var status: SourceStatus
    public var deadline: String?
    public var townCode: String?
    public var townName: String?
    public var gridCode: String?
    public var gridName: String?
    public var officer: String?
    public var officerPhone: String?

    public init(
        sourceID: String, name: String, uscc: String?, industry: String?, status: SourceStatus, deadline: String?, townCode: String?,
        townName: String?, gridCode: String?, gridName: String?, officer: String?, officerPhone: String?
    ) {
        self.sourceID = sourceID
        self.name = name
        self.uscc = uscc
        self.industry = industry
        self.status = status
        self.deadline = deadline
        self.townCode = townCode
        self.townName = townName
        self.gridCode = gridCode
        self.gridName = gridName
        self.officer = officer
        self.officerPhone = officerPhone
    }
}
