/// One check of a database's consistency (`permitwatch check`): what was looked at, and what
/// was found wrong, each finding named.
public struct StoreCheck: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The database file's own structure (SQLite's integrity check).
        case integrity
        /// Every spatial index against its table: one entry per geometry, its box around it.
        case spatialIndexes = "spatial indexes"
        /// Every source placed in an area that exists, or flagged unassigned.
        case assignment
        /// Every source's status as the replay of its events gives it.
        case statusHistory = "status history"
        /// The schema's migrations, all applied and none unknown.
        case schema
    }

    public var kind: Kind
    /// What was checked, for the report ("681,339 sources").
    public var checked: String
    /// What is wrong; empty when the check passed.
    public var findings: [String]

    public init(kind: Kind, checked: String, findings: [String]) {
        self.kind = kind
        self.checked = checked
        self.findings = findings
    }

    public var passed: Bool { findings.isEmpty }
}
