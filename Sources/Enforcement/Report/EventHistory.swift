/// The status history of a set of sources, as the weekly replay reads it: every source's
/// events in the order they happened (date, then the order they were recorded), in flat
/// columns so a province's 1.5 million events cost a few arrays rather than a million values.
public struct EventHistory: Sendable {
    /// One event as the store reads it.
    public struct Event: Sendable, Equatable {
        /// Index of the source in the caller's list of sources.
        public var source: Int32
        /// `CivilDay` number of the event's date.
        public var day: Int32
        public var kind: EventKind
        /// The status after the event; nil for inspections, removals and detail changes.
        public var status: SourceStatus?
        /// `CivilDay` number of a rectification deadline, when the event carries one.
        public var deadline: Int32?

        public init(source: Int32, day: Int32, kind: EventKind, status: SourceStatus?, deadline: Int32?) {
            self.source = source
            self.day = day
            self.kind = kind
            self.status = status
            self.deadline = deadline
        }
    }

    public let sourceCount: Int
    /// Events grouped by source: source `s` has `events[starts[s]..<starts[s + 1]]`, by date and
    /// then recording order.
    public let events: [Event]
    public let starts: [Int]

    /// Groups `events`, given in the order they were recorded, by source and orders each
    /// source's events by date; events of one date keep their recording order.
    public init(sourceCount: Int, eventsInRecordingOrder recorded: [Event]) {
        self.sourceCount = sourceCount
        var starts = [Int](repeating: 0, count: sourceCount + 1)
        for event in recorded { starts[Int(event.source) + 1] += 1 }
        for s in 0..<sourceCount { starts[s + 1] += starts[s] }
        var next = starts
        var grouped = recorded
        for event in recorded {
            grouped[next[Int(event.source)]] = event
            next[Int(event.source)] += 1
        }
        // A stable insertion sort by date within each source: histories are a handful of events.
        for s in 0..<sourceCount where starts[s + 1] - starts[s] > 1 {
            for a in (starts[s] + 1)..<starts[s + 1] {
                let event = grouped[a]
                var b = a
                while b > starts[s] && grouped[b - 1].day > event.day {
                    grouped[b] = grouped[b - 1]
                    b -= 1
                }
                grouped[b] = event
            }
        }
        self.events = grouped
        self.starts = starts
    }
}
