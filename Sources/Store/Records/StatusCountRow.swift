import Enforcement

/// Source counts by status for one area or square-grid cell.
public struct StatusCountRow: Sendable, Equatable {
    /// The area code, `IX_IY` for a square-grid cell, or `unassigned`.
    public var code: String
    public var name: String
    public var counts: [SourceStatus: Int]

    public var total: Int { counts.values.reduce(0, +) }

    public init(code: String, name: String, counts: [SourceStatus: Int]) {
        self.code = code
        self.name = name
        self.counts = counts
    }
}

/// What a summary groups sources by.
public enum SummaryGrouping: Sendable, Equatable {
    case area(AreaLevel)
    /// The square grid, at the cell size the assignment used.
    case cell
}
