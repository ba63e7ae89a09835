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
            var story = SourceStory(calendar: calendar)
            for s in lower..<upper {
                story.tell(
                    source: Int32(s), status: statuses[s], rng: SeededRandom(seed: seed, stream: Hash.combine(0x4849_5354, UInt64(s))))
                for e in story.events where e.status != 0 {
                    statusDay[s - lower] = e.day
                    deadline[s - lower] = e.deadline
                }
                events.append(contentsOf: story.events)
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
}
