import Enforcement
/// Builds each source's status history through 2020 so that replaying it reproduces the
/// source's status at 2020-12-31 exactly, and every week of 2020 has news: unlicensed sources
/// found, sources brought under permit or registration, notices, special marks, inspections.
///
/// Each source's story is drawn from its own random stream, so sources can be processed in
/// parallel chunks and the result does not depend on the chunking.
struct HistoryBuilder {
    struct Event: Sendable {
        var source: Int32
        var day: Int16
        /// Index in `EventKind.allCases`.
        var kind: UInt8
        /// 0 for none, else 1 + index in `SourceStatus.allCases`.
        var status: UInt8
        /// Day index of the deadline, or -1.
        var deadline: Int16
    }

    struct History: Sendable {
        /// Sorted by day, then source, then the order of events within the source.
        var events: [Event]
        /// Day of each source's current status and, for rectifying sources, the deadline (-1 if none).
        var statusDay: [Int16]
        var deadline: [Int16]
        var kindCounts: [Int]
    }

    // Status and kind codes.
    private static let permitted: UInt8 = 0, registered: UInt8 = 1, rectifying: UInt8 = 2, special: UInt8 = 3, unlicensed: UInt8 = 4
    private static let listed: UInt8 = 0, discovered: UInt8 = 1, registeredKind: UInt8 = 2, permittedKind: UInt8 = 3,
        notice: UInt8 = 4, rectified: UInt8 = 5, marked: UInt8 = 6, closed: UInt8 = 7, inspected: UInt8 = 8

    let calendar = CampaignCalendar()
    let seed: UInt64

    func build(statuses: [UInt8]) -> History {
        let count = statuses.count
        let chunks = max(1, min(16, count / 20_000 + 1))
        let calendar = self.calendar
        let seed = self.seed
        let parts: [(events: [Event], statusDay: [Int16], deadline: [Int16])] = Parallel.map(count: chunks) { k in
            let lower = count * k / chunks
            let upper = count * (k + 1) / chunks
            var events: [Event] = []
            events.reserveCapacity((upper - lower) * 5 / 2)
            var statusDay = [Int16](repeating: 0, count: upper - lower)
            var deadline = [Int16](repeating: -1, count: upper - lower)
            var story: [Event] = []
            for s in lower..<upper {
                var rng = SeededRandom(seed: seed, stream: Hash.combine(0x4849_5354, UInt64(s)))
                story.removeAll(keepingCapacity: true)
                Self.story(source: Int32(s), status: statuses[s], calendar: calendar, rng: &rng, into: &story)
                // Stable insertion sort by day (stories are a handful of events).
                if story.count > 1 {
                    for a in 1..<story.count {
                        let e = story[a]
                        var b = a
                        while b > 0 && story[b - 1].day > e.day {
                            story[b] = story[b - 1]
                            b -= 1
                        }
                        story[b] = e
                    }
                }
                for e in story where e.status != 0 {
                    statusDay[s - lower] = e.day
                    deadline[s - lower] = e.deadline
                }
                events.append(contentsOf: story)
            }
            return (events, statusDay, deadline)
        }
        var statusDay: [Int16] = []
        var deadline: [Int16] = []
        statusDay.reserveCapacity(count)
        deadline.reserveCapacity(count)
        var dayCounts = [Int](repeating: 0, count: CivilDate.asOf + 2)
        var kindCounts = [Int](repeating: 0, count: EventKind.allCases.count)
        var total = 0
        for part in parts {
            statusDay.append(contentsOf: part.statusDay)
            deadline.append(contentsOf: part.deadline)
            for e in part.events {
                dayCounts[Int(e.day) + 1] += 1
                kindCounts[Int(e.kind)] += 1
            }
            total += part.events.count
        }
        for d in 0..<(dayCounts.count - 1) { dayCounts[d + 1] += dayCounts[d] }
        // Counting sort by day; chunks and sources are visited in order, so it is stable.
        var sorted = [Event](repeating: Event(source: 0, day: 0, kind: 0, status: 0, deadline: -1), count: total)
        for part in parts {
            for e in part.events {
                sorted[dayCounts[Int(e.day)]] = e
                dayCounts[Int(e.day)] += 1
            }
        }
        return History(events: sorted, statusDay: statusDay, deadline: deadline, kindCounts: kindCounts)
    }

    private static func story(source: Int32, status: UInt8, calendar: CampaignCalendar, rng: inout SeededRandom, into story: inout [Event]) {
        func add(_ day: Int, _ kind: UInt8, _ status: UInt8?, deadline: Int = -1) {
            story.append(Event(
                source: source, day: Int16(day), kind: kind, status: status.map { $0 + 1 } ?? 0, deadline: Int16(deadline)))
        }
        let yearEnd = CivilDate.asOf
        let start = CivilDate.start2020
        /// The day the source became known (inspections come after it).
        var known = start
        var inspectionMean = 0.0
        var followUpAfter: Int?

        func listed2019(_ s: UInt8) {
            add(calendar.day2019(&rng), listed, s)
            known = start
        }
        func discover(latest: Int) -> Int {
            let d = calendar.day2020(in: start...latest, &rng)
            add(d, discovered, unlicensed)
            known = d
            return d
        }
        func issueNotice(after: Int, latest: Int) -> (day: Int, deadline: Int) {
            let n = calendar.day2020(in: after...latest, &rng)
            let due = n + rng.int(91, 365)
            add(n, notice, rectifying, deadline: due)
            return (n, due)
        }

        switch status {
        case permitted:
            inspectionMean = 0.8
            let path = rng.weightedIndex([0.40, 0.35, 0.15, 0.10])
            switch path {
            case 0: listed2019(permitted)
            case 1:
                listed2019(unlicensed)
                add(calendar.day2020(in: start...yearEnd, &rng), permittedKind, permitted)
            case 2:
                let d = discover(latest: yearEnd - 7)
                add(calendar.day2020(in: (d + 7)...yearEnd, &rng), permittedKind, permitted)
            default:
                listed2019(unlicensed)
                let n = issueNotice(after: start, latest: yearEnd - 60)
                add(calendar.day2020(in: (n.day + 14)...min(n.deadline, yearEnd), &rng), rectified, permitted)
            }
        case registered:
            inspectionMean = 0.25
            let path = rng.weightedIndex([0.15, 0.58, 0.10, 0.14, 0.03])
            switch path {
            case 0: listed2019(registered)
            case 1:
                listed2019(unlicensed)
                add(calendar.day2020(in: start...yearEnd, &rng), registeredKind, registered)
            case 2:
                let d = calendar.day2020(in: start...yearEnd, &rng)
                add(d, listed, registered)
                known = d
            case 3:
                let d = discover(latest: yearEnd - 7)
                add(calendar.day2020(in: (d + 7)...yearEnd, &rng), registeredKind, registered)
            default:
                listed2019(unlicensed)
                let n = issueNotice(after: start, latest: yearEnd - 60)
                add(calendar.day2020(in: (n.day + 14)...min(n.deadline, yearEnd), &rng), rectified, registered)
            }
        case rectifying:
            inspectionMean = 1.5
            if rng.chance(0.7) {
                listed2019(unlicensed)
                followUpAfter = issueNotice(after: start, latest: yearEnd).day
            } else {
                let d = discover(latest: yearEnd - 14)
                followUpAfter = issueNotice(after: d + 14, latest: yearEnd).day
            }
        case special:
            inspectionMean = 0.4
            let path = rng.weightedIndex([0.08, 0.65, 0.10, 0.10, 0.07])
            switch path {
            case 0: listed2019(special)
            case 1:
                listed2019(unlicensed)
                add(calendar.day2020(in: start...yearEnd, &rng), marked, special)
            case 2:
                listed2019(unlicensed)
                add(calendar.day2020(in: start...yearEnd, &rng), closed, special)
            case 3:
                listed2019(registered)
                add(calendar.day2020(in: start...yearEnd, &rng), closed, special)
            default:
                let d = discover(latest: yearEnd - 7)
                add(calendar.day2020(in: (d + 7)...yearEnd, &rng), rng.chance(0.6) ? marked : closed, special)
            }
        default:
            inspectionMean = 1.2
            if rng.chance(0.75) {
                _ = discover(latest: yearEnd)
            } else {
                listed2019(unlicensed)
            }
        }

        let inspections = rng.poisson(inspectionMean)
        for _ in 0..<inspections {
            add(calendar.day2020(in: known...yearEnd, &rng), inspected, nil)
        }
        if let after = followUpAfter, after < yearEnd {
            add(calendar.day2020(in: (after + 1)...yearEnd, &rng), inspected, nil)
        }
    }
}
