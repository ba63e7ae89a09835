import Enforcement
import GeoKit

/// The register read the way the analytics, the summary and the weekly report need it: as
/// columns of positions and statuses, as counts, or as a history replayed to a day.
///
/// A role of the store (see `EnforcementStore`), kept apart from `SourceRegister` because these
/// are reads shaped for one computation each, which a store may answer from an index or a
/// materialised view rather than from the rows.
public protocol RegisterAnalytics: Sendable {
    /// The current sources of the given statuses (nil: all) in an area of any level (nil: all).
    /// `lean` skips the details only clusters need; `grids` reads the grid codes.
    func fetchSourcePositions(statuses: [SourceStatus]?, area: String?, lean: Bool, grids: Bool) throws -> SourcePositions
    /// For each longitude/latitude box, the current sources inside it.
    func fetchSources(inBoxes boxes: [BoundingBox]) throws -> [[NearbySource]]
    /// Counts of current sources by status, one row per area of the level or per cell.
    func summary(by grouping: SummaryGrouping) throws -> [StatusCountRow]
    /// Every source (of an area) with its events up to `lastDay`, for the weekly report.
    func fetchReportHistory(through lastDay: String, area: String?) throws -> ReportHistory
    /// What the history gained after generation `since` (a cheap read of a log): lets a server
    /// keep a report of an earlier week across field writes dated after it.
    func historyChanges(since generation: Int64) throws -> HistoryChanges
    /// The current sources among `sourceIDs` with their register details, town, grid and grid
    /// officer, by id (unknown or removed ids left out): the stops of an itinerary.
    func fetchSourceCards(_ sourceIDs: [String]) throws -> [String: SourceCard]
}
