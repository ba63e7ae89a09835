import Enforcement
import GeoKit

/// The sources a weekly report covers, with where each is placed, and their history up to the
/// end of the week: what `WeeklyTally` replays.
public struct ReportHistory: Sendable {
    /// In the store's order; `history` refers to sources by their index here.
    public var sourceIDs: [String] = []
    /// The area codes met, once each; sources refer to them by index (-1: none), so a
    /// province's 2.7 million placements are integers rather than strings.
    public var codes: [String] = []
    public var gridCodes: [Int32] = []
    public var townCodes: [Int32] = []
    public var countyCodes: [Int32] = []
    public var prefectureCodes: [Int32] = []
    /// Metres of the store's metric CRS, for square-grid cells of any size.
    public var projected: [Coordinate] = []
    public var history = EventHistory(sourceCount: 0, eventsInRecordingOrder: [])

    public init() {}
    public var count: Int { sourceIDs.count }

    /// The code behind a code index, nil for -1.
    public func code(_ index: Int32) -> String? { index < 0 ? nil : codes[Int(index)] }
}

/// What a store's status history gained after a generation: what decides whether a weekly
/// report made then is still the report now. A report of a week reads only the events up to
/// its Sunday, so events all dated after it leave it as it was.
public struct HistoryChanges: Sendable, Equatable {
    public enum Extent: Sendable, Equatable {
        /// No event was added and nothing else changed.
        case nothing
        /// Only events were added (by field writes), dated `first` to `last` (`YYYY-MM-DD`).
        case eventsDated(first: String, last: String)
        /// Something else changed (an ingest, areas, an analysis run): any report may differ.
        case unknown
    }

    /// The generation the changes were read at.
    public var generation: Int64
    public var extent: Extent

    public init(generation: Int64, extent: Extent) {
        self.generation = generation
        self.extent = extent
    }

    /// Whether a report of the week ending `sunday` (`YYYY-MM-DD`) made before these changes
    /// is still exact.
    public func leaveUnchanged(weekEndingOn sunday: String) -> Bool {
        switch extent {
        case .nothing: true
        case .eventsDated(let first, _): first > sunday
        case .unknown: false
        }
    }
}

/// The name, parent and officer of one area, without its polygon.
public struct AreaDirectoryEntry: Sendable, Equatable {
    public var level: AreaLevel
    public var code: String
    public var name: String
    public var parentCode: String?
    public var officer: String?

    public init(level: AreaLevel, code: String, name: String, parentCode: String?, officer: String?) {
        self.level = level
        self.code = code
        self.name = name
        self.parentCode = parentCode
        self.officer = officer
    }
}

/// The cells of the latest stored hot-spot run and the parameters it was run with (JSON).
public struct HotspotBins: Sendable {
    public var runID: Int64
    public var parameters: String
    /// Cell code (a grid code, or `IX_IY`) → Gi* bin, -3…3.
    public var bins: [String: Int]

    public init(runID: Int64, parameters: String, bins: [String: Int]) {
        self.runID = runID
        self.parameters = parameters
        self.bins = bins
    }
}
