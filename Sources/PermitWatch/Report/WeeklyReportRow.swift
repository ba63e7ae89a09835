import Enforcement

/// One grid (or square cell) of the weekly report: where it is, who is responsible, and its week.
public struct WeeklyReportRow: Sendable, Equatable {
    /// The grid code, or `IX_IY` for a square cell.
    public var code: String
    /// The grid's name; empty for square cells.
    public var name: String
    public var townCode: String?
    public var townName: String?
    public var countyCode: String?
    public var countyName: String?
    public var prefectureCode: String?
    public var prefectureName: String?
    public var officer: String?
    public var figures: WeeklyFigures
    /// The cell's Gi* bin in the latest hot-spot run on the same grid; nil without one.
    public var hotspotBin: Int?
}

/// The figures of one town, county or prefecture, or of the whole area reported.
public struct WeeklyReportTotal: Sendable, Equatable {
    public var level: String
    public var code: String
    public var name: String
    public var parentCode: String?
    public var figures: WeeklyFigures
}

/// A rectification notice past its deadline at the end of the reported week.
public struct OverdueRectification: Sendable, Equatable {
    public var sourceID: String
    public var name: String
    public var gridCode: String?
    public var gridName: String?
    public var townName: String?
    public var deadline: String
    public var daysOverdue: Int
}

/// One week of the trend: unlicensed at its end, found, resolved and noticed during it.
public struct WeeklyTrendPoint: Sendable, Equatable {
    public var week: String
    public var unlicensed: Int
    public var found: Int
    public var resolved: Int
    public var noticed: Int
}
