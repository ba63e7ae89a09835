import Enforcement
import GeoKit

/// The register of sources and its status history: what the ingests write and what assignment
/// re-places.
///
/// One of the store's roles (see `EnforcementStore`): a use case asks for the roles it needs,
/// so a test can stand an in-memory register behind it and another database can implement it.
public protocol SourceRegister: Sendable {
    /// Every stored source, in `source_id` order, removed ones included.
    func fetchSources() throws -> [SourceRecord]
    /// Where every stored source is, where it was assigned and the areas declared, in row order.
    func fetchPlacements() throws -> StoredPlacements
    /// Replaces the whole register with `records` and appends `events`, in one transaction.
    func replaceSources(_ records: [SourceRecord], events: [EventRecord], log: IngestLogEntry) throws
    /// Replaces the whole register with the rows `load` delivers while it reads them, in one
    /// transaction: a batch is written while the next is read (`SourceLoad`).
    func replaceSources(streaming load: some SourceLoad) throws
    /// How many sources are stored, removed ones included.
    func sourceCount() throws -> Int
    /// Writes the assignments that differ from `previous` (same order as `fetchPlacements`);
    /// returns how many sources changed.
    func updateAssignments(_ assignments: [SourceAssignment], previous: [SourceAssignment], cellSize: Double) throws -> Int
    /// The square-grid cell size the last assignment used (1000 m before any).
    func storedCellSize() throws -> Double

    /// Appends events to the history, in one transaction.
    func appendEvents(_ events: [EventRecord], log: IngestLogEntry) throws
    func fetchSourceIDs() throws -> Set<String>
    /// Events by kind.
    func eventCounts() throws -> [String: Int]
    /// The date of the latest event, nil without events.
    func latestEventDate() throws -> String?
    /// The first and the last day of the history (`YYYY-MM-DD`), nil without events: the
    /// span a week or a date the user asks about must meet.
    func eventDateRange() throws -> ClosedRange<String>?
    /// The names of the given sources, by id; unknown ids are left out.
    func fetchSourceNames(_ sourceIDs: [String]) throws -> [String: String]
}
