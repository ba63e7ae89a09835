/// One source's 2020 story, drawn from the source's own random stream: the path by which it
/// reached its status at 2020-12-31 (picked by weight among the paths of that status), then
/// its inspections.
///
/// The order of the draws is part of the dataset: each path draws in the order it is written.
/// One value tells every story of a chunk in turn, so the event buffer is allocated once.
struct SourceStory {
    // Status and kind codes.
    private static let permitted: UInt8 = 0, registered: UInt8 = 1, rectifying: UInt8 = 2, special: UInt8 = 3, unlicensed: UInt8 = 4
    private static let listed: UInt8 = 0, discovered: UInt8 = 1, registeredKind: UInt8 = 2, permittedKind: UInt8 = 3,
        notice: UInt8 = 4, rectified: UInt8 = 5, marked: UInt8 = 6, closed: UInt8 = 7, inspected: UInt8 = 8
    private static let start = CivilDate.start2020
    private static let yearEnd = CivilDate.asOf

    private let calendar: CampaignCalendar
    private var source: Int32 = 0
    private var rng = SeededRandom(seed: 0, stream: 0)
    /// The day the source became known (inspections come after it).
    private var known = CivilDate.start2020
    /// The last story told, sorted by day (events of one day in the order drawn).
    private(set) var events: [HistoryBuilder.Event] = []

    init(calendar: CampaignCalendar) { self.calendar = calendar }

    /// Tells the story of `source`, whose status at 2020-12-31 is `status`, drawing from `rng`.
    mutating func tell(source: Int32, status: UInt8, rng: SeededRandom) {
        self.source = source
        self.rng = rng
        known = Self.start
        events.removeAll(keepingCapacity: true)
        let inspectionMean: Double
        var followUpAfter: Int?
        switch status {
        case Self.permitted:
            inspectionMean = 0.8
            becomePermitted()
        case Self.registered:
            inspectionMean = 0.25
            becomeRegistered()
        case Self.rectifying:
            inspectionMean = 1.5
            followUpAfter = becomeRectifying()
        case Self.special:
            inspectionMean = 0.4
            becomeSpecial()
        default:
            inspectionMean = 1.2
            stayUnlicensed()
        }
        inspect(mean: inspectionMean, followUpAfter: followUpAfter)
        sortByDay()
    }

    /// Permitted since 2019; or unlicensed in 2019 and permitted in 2020; or discovered in 2020
    /// and permitted a week later or more; or noticed, rectified and permitted.
    private mutating func becomePermitted() {
        switch rng.weightedIndex([0.40, 0.35, 0.15, 0.10]) {
        case 0: listed2019(Self.permitted)
        case 1:
            listed2019(Self.unlicensed)
            add(calendar.day2020(in: Self.start...Self.yearEnd, &rng), Self.permittedKind, Self.permitted)
        case 2:
            let d = discover(latest: Self.yearEnd - 7)
            add(calendar.day2020(in: (d + 7)...Self.yearEnd, &rng), Self.permittedKind, Self.permitted)
        default:
            listed2019(Self.unlicensed)
            rectifyAfterNotice(into: Self.permitted)
        }
    }

    /// Registered since 2019; or unlicensed in 2019 and registered in 2020; or first listed,
    /// registered, in 2020; or discovered and registered; or noticed, rectified and registered.
    private mutating func becomeRegistered() {
        switch rng.weightedIndex([0.15, 0.58, 0.10, 0.14, 0.03]) {
        case 0: listed2019(Self.registered)
        case 1:
            listed2019(Self.unlicensed)
            add(calendar.day2020(in: Self.start...Self.yearEnd, &rng), Self.registeredKind, Self.registered)
        case 2:
            let d = calendar.day2020(in: Self.start...Self.yearEnd, &rng)
            add(d, Self.listed, Self.registered)
            known = d
        case 3:
            let d = discover(latest: Self.yearEnd - 7)
            add(calendar.day2020(in: (d + 7)...Self.yearEnd, &rng), Self.registeredKind, Self.registered)
        default:
            listed2019(Self.unlicensed)
            rectifyAfterNotice(into: Self.registered)
        }
    }

    /// Under a notice at the year's end: listed unlicensed in 2019, or discovered in 2020 and
    /// noticed two weeks later or more. Returns the notice's day, for a follow-up inspection.
    private mutating func becomeRectifying() -> Int {
        if rng.chance(0.7) {
            listed2019(Self.unlicensed)
            return issueNotice(after: Self.start, latest: Self.yearEnd).day
        }
        let d = discover(latest: Self.yearEnd - 14)
        return issueNotice(after: d + 14, latest: Self.yearEnd).day
    }

    /// Specially handled (marked or closed): from a 2019 listing as special, unlicensed or
    /// registered, or after being discovered in 2020.
    private mutating func becomeSpecial() {
        switch rng.weightedIndex([0.08, 0.65, 0.10, 0.10, 0.07]) {
        case 0: listed2019(Self.special)
        case 1:
            listed2019(Self.unlicensed)
            add(calendar.day2020(in: Self.start...Self.yearEnd, &rng), Self.marked, Self.special)
        case 2:
            listed2019(Self.unlicensed)
            add(calendar.day2020(in: Self.start...Self.yearEnd, &rng), Self.closed, Self.special)
        case 3:
            listed2019(Self.registered)
            add(calendar.day2020(in: Self.start...Self.yearEnd, &rng), Self.closed, Self.special)
        default:
            let d = discover(latest: Self.yearEnd - 7)
            add(calendar.day2020(in: (d + 7)...Self.yearEnd, &rng), rng.chance(0.6) ? Self.marked : Self.closed, Self.special)
        }
    }

    /// Still unlicensed: mostly discovered during 2020, otherwise known since 2019.
    private mutating func stayUnlicensed() {
        if rng.chance(0.75) {
            _ = discover(latest: Self.yearEnd)
        } else {
            listed2019(Self.unlicensed)
        }
    }

    /// A Poisson number of inspections after the source became known, and one more after a
    /// notice still running at the year's end.
    private mutating func inspect(mean: Double, followUpAfter: Int?) {
        let inspections = rng.poisson(mean)
        for _ in 0..<inspections {
            add(calendar.day2020(in: known...Self.yearEnd, &rng), Self.inspected, nil)
        }
        if let after = followUpAfter, after < Self.yearEnd {
            add(calendar.day2020(in: (after + 1)...Self.yearEnd, &rng), Self.inspected, nil)
        }
    }

    private mutating func listed2019(_ status: UInt8) {
        add(calendar.day2019(&rng), Self.listed, status)
        known = Self.start
    }

    private mutating func discover(latest: Int) -> Int {
        let d = calendar.day2020(in: Self.start...latest, &rng)
        add(d, Self.discovered, Self.unlicensed)
        known = d
        return d
    }

    private mutating func issueNotice(after: Int, latest: Int) -> (day: Int, deadline: Int) {
        let n = calendar.day2020(in: after...latest, &rng)
        let due = n + rng.int(91, 365)
        add(n, Self.notice, Self.rectifying, deadline: due)
        return (n, due)
    }

    /// A notice in 2020 (at least 60 days before the year's end), rectified into `status` two
    /// weeks later or more, by its deadline.
    private mutating func rectifyAfterNotice(into status: UInt8) {
        let n = issueNotice(after: Self.start, latest: Self.yearEnd - 60)
        add(calendar.day2020(in: (n.day + 14)...min(n.deadline, Self.yearEnd), &rng), Self.rectified, status)
    }

    private mutating func add(_ day: Int, _ kind: UInt8, _ status: UInt8?, deadline: Int = -1) {
        events.append(HistoryBuilder.Event(
            source: source, day: Int16(day), kind: kind, status: status.map { $0 + 1 } ?? 0, deadline: Int16(deadline)))
    }

    /// Stable insertion sort by day (stories are a handful of events).
    private mutating func sortByDay() {
        guard events.count > 1 else { return }
        for a in 1..<events.count {
            let e = events[a]
            var b = a
            while b > 0 && events[b - 1].day > e.day {
                events[b] = events[b - 1]
                b -= 1
            }
            events[b] = e
        }
    }
}
