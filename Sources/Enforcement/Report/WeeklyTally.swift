/// The weekly report's arithmetic: one pass over every source's history up to the end of a
/// week, which replays each source's status at the end of that week and of the week before,
/// counts the transitions into and out of `unlicensed` during the week, and adds them up by
/// group (grid, town, county, prefecture), with a trend of the weeks before.
///
/// A source's status at a moment is the status of its latest event with a status up to then; a
/// `removed` event takes it off the register until a later event lists it again. Only events
/// up to the end of the week are read, so the figures of a past week never change when later
/// events arrive.
public struct WeeklyTally: Sendable {
    /// The Monday (a `CivilDay` number) of the reported week.
    public var weekStart: Int
    /// How many weeks (the reported one and those before) an inspection counts for.
    public var inspectionWeeks: Int
    /// How many weeks the trend covers, ending with the reported one.
    public var trendWeeks: Int

    public init(weekStart: Int, inspectionWeeks: Int = 4, trendWeeks: Int = 12) {
        self.weekStart = weekStart
        self.inspectionWeeks = max(1, inspectionWeeks)
        self.trendWeeks = max(1, trendWeeks)
    }

    /// One week of the trend, for the whole history given.
    public struct TrendWeek: Sendable, Equatable {
        public var weekStart: Int
        public var unlicensed: Int
        public var found: Int
        public var resolved: Int
        public var noticed: Int
    }

    /// A source under a rectification notice past its deadline at the end of the week.
    public struct OverdueCase: Sendable, Equatable {
        public var source: Int32
        public var deadline: Int
        public var daysOverdue: Int
    }

    public struct Result: Sendable {
        /// For each grouping given, the figures of each group.
        public var groups: [[WeeklyFigures]]
        /// Every source of the history together.
        public var total: WeeklyFigures
        /// Oldest week first; the last is the reported week.
        public var trend: [TrendWeek]
        /// Most overdue first, then by source index.
        public var overdue: [OverdueCase]
        /// Whether the history up to the end of the week holds any inspection.
        public var inspectionsRecorded: Bool
    }

    /// Sources grouped one way: the group index of each source (-1: in no group), and how many groups.
    public struct Grouping: Sendable {
        public var groupOfSource: [Int32]
        public var groupCount: Int
        public init(groupOfSource: [Int32], groupCount: Int) {
            self.groupOfSource = groupOfSource
            self.groupCount = groupCount
        }
    }

    private struct State {
        var present = false
        var status: SourceStatus?
        var deadline: Int32?
        var isUnlicensed: Bool { present && status == .unlicensed }
    }

    public func run(_ history: EventHistory, groupings: [Grouping]) -> Result {
        let weekEnd = weekStart + 6
        let previousEnd = weekStart - 1
        let trendStart = weekStart - 7 * (trendWeeks - 1)
        let inspectionStart = weekStart - 7 * (inspectionWeeks - 1)
        var groups = groupings.map { [WeeklyFigures](repeating: WeeklyFigures(), count: $0.groupCount) }
        var total = WeeklyFigures()
        var trendFound = [Int](repeating: 0, count: trendWeeks)
        var trendResolved = trendFound, trendNoticed = trendFound, trendNet = trendFound
        var netBeforeTrend = 0
        var overdue: [OverdueCase] = []
        var inspectionsRecorded = false

        for source in 0..<history.sourceCount {
            let range = history.starts[source]..<history.starts[source + 1]
            guard !range.isEmpty else { continue }
            var state = State()
            var previous: State?
            var lastInspection = Int.min
            var figures = WeeklyFigures()
            for index in range {
                let event = history.events[index]
                let day = Int(event.day)
                if day > weekEnd { break }
                if day > previousEnd && previous == nil { previous = state }
                let wasUnlicensed = state.isUnlicensed
                switch event.kind {
                case .removed:
                    state.present = false
                case .inspected:
                    lastInspection = max(lastInspection, day)
                    inspectionsRecorded = true
                default:
                    if let status = event.status {
                        state.present = true
                        state.status = status
                        state.deadline = status == .rectifying ? event.deadline : nil
                    }
                }
                let isUnlicensed = state.isUnlicensed
                guard wasUnlicensed != isUnlicensed else { continue }
                // One transition into or out of `unlicensed`: count it in its week.
                let into = isUnlicensed
                let noticed = !into && state.present && state.status == .rectifying
                if day >= weekStart {
                    if into {
                        figures.found += 1
                    } else if noticed {
                        figures.noticed += 1
                    } else if state.present && state.status == .permitted {
                        figures.resolvedPermitted += 1
                    } else if state.present && state.status == .registered {
                        figures.resolvedRegistered += 1
                    } else {
                        figures.resolvedClosed += 1
                    }
                }
                if day < trendStart {
                    netBeforeTrend += into ? 1 : -1
                } else {
                    let week = (day - trendStart) / 7
                    trendNet[week] += into ? 1 : -1
                    if into { trendFound[week] += 1 } else if noticed { trendNoticed[week] += 1 } else { trendResolved[week] += 1 }
                }
            }
            let before = previous ?? state
            if state.present { figures.sources = 1 }
            if state.isUnlicensed { figures.unlicensed = 1 }
            if before.isUnlicensed { figures.unlicensedPrevious = 1 }
            if state.present && state.status == .rectifying {
                figures.rectifying = 1
                if let deadline = state.deadline.map(Int.init), deadline < weekEnd {
                    figures.overdue = 1
                    figures.oldestOverdueDays = weekEnd - deadline
                    overdue.append(OverdueCase(source: Int32(source), deadline: deadline, daysOverdue: weekEnd - deadline))
                }
            }
            if state.present && (state.status == .unlicensed || state.status == .rectifying) && lastInspection < inspectionStart {
                figures.uninspected = 1
            }
            total.add(figures)
            for (level, grouping) in groupings.enumerated() {
                let group = Int(grouping.groupOfSource[source])
                if group >= 0 { groups[level][group].add(figures) }
            }
        }
        if !inspectionsRecorded {
            total.uninspected = nil
            for level in groups.indices { for g in groups[level].indices { groups[level][g].uninspected = nil } }
        } else {
            // Groups without a single uninspected source still have a figure: zero.
            if total.uninspected == nil { total.uninspected = 0 }
            for level in groups.indices { for g in groups[level].indices where groups[level][g].uninspected == nil { groups[level][g].uninspected = 0 } }
        }
        var trend: [TrendWeek] = []
        var running = netBeforeTrend
        for week in 0..<trendWeeks {
            running += trendNet[week]
            trend.append(TrendWeek(
                weekStart: trendStart + 7 * week, unlicensed: running, found: trendFound[week], resolved: trendResolved[week],
                noticed: trendNoticed[week]))
        }
        overdue.sort { $0.daysOverdue != $1.daysOverdue ? $0.daysOverdue > $1.daysOverdue : $0.source < $1.source }
        return Result(groups: groups, total: total, trend: trend, overdue: overdue, inspectionsRecorded: inspectionsRecorded)
    }
}
