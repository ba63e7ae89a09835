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
