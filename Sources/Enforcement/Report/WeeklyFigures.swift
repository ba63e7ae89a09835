/// What happened to the unlicensed sources of one grid (or town, county, prefecture, the whole
/// area) in one week, and where its enforcement cases stood at the week's end.
///
/// The flows reconcile with the change: `unlicensed - unlicensedPrevious == found - resolved - noticed`
/// for every group, because each counts one status transition of one source.
public struct WeeklyFigures: Sendable, Equatable {
    /// Sources on the register at the end of the week, of any status.
    public var sources = 0
    /// Unlicensed at the end of the week, and at the end of the week before.
    public var unlicensed = 0
    public var unlicensedPrevious = 0
    /// Became unlicensed during the week (discovered, or listed unlicensed by a snapshot).
    public var found = 0
    /// Stopped being unlicensed during the week: brought under permit, under registration,
    /// or closed (marked special or removed from the register).
    public var resolvedPermitted = 0
    public var resolvedRegistered = 0
    public var resolvedClosed = 0
    /// Stopped being unlicensed because a rectification notice was issued (now rectifying).
    public var noticed = 0
    /// Under a rectification notice at the end of the week, and of those past their deadline.
    public var rectifying = 0
    public var overdue = 0
    /// Days past the deadline of the most overdue one; nil when none is overdue.
    public var oldestOverdueDays: Int?
    /// Unlicensed or rectifying sources with no inspection in the inspection window; nil when
    /// no inspection is recorded at all (the figure would mean nothing).
    public var uninspected: Int?

    public init() {}

    public var resolved: Int { resolvedPermitted + resolvedRegistered + resolvedClosed }
    public var netChange: Int { unlicensed - unlicensedPrevious }

    /// Adds `other`'s counts into these (the oldest overdue is the larger).
    public mutating func add(_ other: WeeklyFigures) {
        sources += other.sources
        unlicensed += other.unlicensed
        unlicensedPrevious += other.unlicensedPrevious
        found += other.found
        resolvedPermitted += other.resolvedPermitted
        resolvedRegistered += other.resolvedRegistered
        resolvedClosed += other.resolvedClosed
        noticed += other.noticed
        rectifying += other.rectifying
        overdue += other.overdue
        if let days = other.oldestOverdueDays { oldestOverdueDays = max(oldestOverdueDays ?? days, days) }
        if let count = other.uninspected { uninspected = (uninspected ?? 0) + count }
    }
}
