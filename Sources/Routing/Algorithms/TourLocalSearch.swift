/// 2-opt and Or-opt on an `ArrayTour`, driven by neighbour lists and don't-look bits.
///
/// Only places in the work queue are examined (the don't-look bits are "not in the queue");
/// a move puts the ends of every edge it changed back in the queue. After a kick only its few
/// endpoints are queued, so a local optimum is restored in time proportional to the damage,
/// not to n: this is what lets the iterated search try hundreds of thousands of kicks.
///
/// Every move is made of reversals of positions (an Or-opt move is two or three of them), and
/// every reversal can be written to a journal so that a rejected kick is undone exactly.
///
/// Symmetric costs take the moves in this file, which read a reversed path as costing what it
/// did. Asymmetric costs (one-way roads) take the directed moves of
/// `TourLocalSearch+Directed.swift`, which price every edge in the direction it is driven.
final class TourLocalSearch {
    let count: Int
    let tour: ArrayTour
    /// True when every cost equals the cost back, which the moves of this file assume.
    let isSymmetric: Bool
    let costs: UnsafeMutablePointer<Double>
    /// Per place, its nearest places to go to (`perPlace` each, cheapest first).
    let neighbourStorage: ContiguousArray<Int32>
    /// Per place, the places nearest to come from it; the same lists when costs are symmetric.
    let incomingStorage: ContiguousArray<Int32>
    let perPlace: Int
    private let queue: UnsafeMutablePointer<Int32>
    private let queued: UnsafeMutablePointer<Bool>
    private var queueHead = 0
    private var queueCount = 0
    /// Reversals made since `startJournal()`, as (start position, length).
    private(set) var journal: [(start: Int32, length: Int32)] = []
    private var isJournaling = false
    /// The tour's length, kept up to date move by move.
    var length: Double
    let epsilon = 1e-7

    /// Places examined between two readings of the clock: well under a millisecond of work,
    /// even when every directed move walks a path across the whole tour.
    private static let placesPerClockReading = 64

    /// - Parameter incoming: the lists of cheapest places to come from, for asymmetric costs;
    ///   nil when the costs are symmetric (then the symmetric moves are used).
    init(costs: CostMatrix, neighbours: NeighbourLists, incoming: NeighbourLists? = nil, tour: ArrayTour) {
        precondition(incoming == nil || incoming!.perPlace == neighbours.perPlace, "one list length both ways")
        count = costs.count
        self.tour = tour
        self.costs = costs.storage
        isSymmetric = incoming == nil
        neighbourStorage = neighbours.storage
        incomingStorage = incoming?.storage ?? neighbours.storage
        perPlace = neighbours.perPlace
        queue = .allocate(capacity: max(1, count))
        queued = .allocate(capacity: max(1, count))
        queued.initialize(repeating: false, count: max(1, count))
        length = costs.cycleCost(tour.order)
    }

    deinit {
        queue.deallocate()
        queued.deallocate()
    }

    @inline(__always)
    func cost(_ a: Int, _ b: Int) -> Double { costs[a * count + b] }

    @inline(__always)
    func enqueue(_ city: Int) {
        guard !queued[city] else { return }
        queued[city] = true
        var tail = queueHead + queueCount
        if tail >= count { tail -= count }
        queue[tail] = Int32(city)
        queueCount += 1
    }

    private func dequeue() -> Int {
        let city = Int(queue[queueHead])
        queueHead += 1
        if queueHead == count { queueHead = 0 }
        queueCount -= 1
        queued[city] = false
        return city
    }

    func enqueueAll() {
        for position in 0..<count { enqueue(Int(tour.place[position])) }
    }

    func startJournal() {
        journal.removeAll(keepingCapacity: true)
        isJournaling = true
    }

    /// Undoes every reversal since `startJournal()`, newest first, and stops journaling.
    func undoJournal() {
        for entry in journal.reversed() { tour.reversePositions(start: Int(entry.start), length: Int(entry.length)) }
        journal.removeAll(keepingCapacity: true)
        isJournaling = false
    }

    func stopJournal() { isJournaling = false }

    /// Reverses `length` positions from `start` (wrapping) and journals it.
    @inline(__always)
    func reversePositions(start: Int, length: Int) {
        guard length > 1 else { return }
        tour.reversePositions(start: start, length: length)
        if isJournaling { journal.append((Int32(start), Int32(length))) }
    }

    /// Runs until no queued place has an improving move, or until the clock's time is up (the
    /// tour is then valid but not yet a local optimum). Every move shortens the tour by its
    /// exact gain, so without a time limit this ends too.
    func optimise(until clock: SearchClock) {
        guard count >= 5 else { queueCount = 0; return }
        var examined = 0
        while queueCount > 0 {
            examined += 1
            if examined % Self.placesPerClockReading == 0 && clock.isOutOfTime { return }
            let city = dequeue()
            let improved = isSymmetric
                ? improveTwoOpt(city) || improveOrOpt(city)
                : improveDirectedTwoOpt(city) || improveDirectedOrOpt(city)
            if improved { enqueue(city) }
        }
    }

    // MARK: Moves on symmetric costs

    /// Removes edges (t1,t2) and (t3,t4) and adds (t1,t3) and (t2,t4), where t2 follows t1 and
    /// t4 follows t3 in the same direction (either direction of the array).
    @inline(__always)
    private func makeTwoOptMove(_ t1: Int, _ t2: Int, _ t3: Int, _ t4: Int) {
        let reversed = tour.next(t1) == t2 ? tour.reversePath(from: t2, to: t3) : tour.reversePath(from: t1, to: t4)
        if isJournaling && reversed.length > 1 { journal.append((Int32(reversed.start), Int32(reversed.length))) }
    }

    @inline(__always)
    private func step(_ city: Int, forward: Bool) -> Int { forward ? tour.next(city) : tour.previous(city) }

    /// First improving 2-opt move adding an edge from `t1` to one of its neighbours.
    private func improveTwoOpt(_ t1: Int) -> Bool {
        for direction in 0..<2 {
            let forward = direction == 0
            let t2 = step(t1, forward: forward)
            let d12 = cost(t1, t2)
            for slot in (t1 * perPlace)..<((t1 + 1) * perPlace) {
                let t3 = Int(neighbourStorage[slot])
                let g1 = d12 - cost(t1, t3)
                if g1 <= epsilon { break }
                let t4 = step(t3, forward: forward)
                if t3 == t2 || t4 == t1 { continue }
                let gain = g1 + cost(t3, t4) - cost(t2, t4)
                if gain > epsilon {
                    makeTwoOptMove(t1, t2, t3, t4)
                    length -= gain
                    enqueue(t1); enqueue(t2); enqueue(t3); enqueue(t4)
                    return true
                }
            }
        }
        return false
    }

    /// First improving Or-opt move: the path of 1–3 places starting at `s1` (in either
    /// direction) moved between two adjacent places near one of its ends, either way round.
    private func improveOrOpt(_ s1: Int) -> Bool {
        for direction in 0..<2 {
            let forward = direction == 0
            var s2 = s1
            for segmentLength in 1...3 {
                if segmentLength > 1 { s2 = step(s2, forward: forward) }
                let a = step(s1, forward: !forward)
                let b = step(s2, forward: forward)
                if a == s2 || b == s1 || a == b { break }
                let removeGain = cost(a, s1) + cost(s2, b) - cost(a, b)
                if removeGain <= epsilon { continue }
                let middle = segmentLength == 3 ? step(s1, forward: forward) : s1
                // Try joining each end of the segment to its near neighbours.
                for end in 0..<2 {
                    let joined = end == 0 ? s1 : s2
                    let other = end == 0 ? s2 : s1
                    for slot in (joined * perPlace)..<((joined + 1) * perPlace) {
                        let c = Int(neighbourStorage[slot])
                        let g1 = removeGain - cost(c, joined)
                        if g1 <= epsilon { break }
                        if c == s1 || c == s2 || c == middle { continue }
                        // Insert between c and its successor (c joined ... other d), or between
                        // its predecessor and c (p other ... joined c).
                        for side in 0..<2 {
                            let x = side == 0 ? c : step(c, forward: !forward)
                            let y = side == 0 ? step(c, forward: forward) : c
                            if x == s1 || x == s2 || x == middle || y == s1 || y == s2 || y == middle || y == a { continue }
                            let farEnd = side == 0 ? y : x
                            let gain = g1 + cost(x, y) - cost(other, farEnd)
                            guard gain > epsilon else { continue }
                            // Between x and y the segment reads s1..s2 (not reversed) when
                            // x is joined to s1.
                            let keepsDirection = (side == 0) == (joined == s1)
                            moveSegment(a: a, s1: s1, s2: s2, b: b, x: x, y: y, keepsDirection: keepsDirection)
                            length -= gain
                            enqueue(a); enqueue(b); enqueue(s1); enqueue(s2); enqueue(x); enqueue(y)
                            return true
                        }
                    }
                }
            }
        }
        return false
    }

    /// Moves the path s1..s2 (with a before it and b after it) between x and y, where y follows
    /// x in the same direction as s1 follows a, as three 2-opt reversals (two when reversed):
    ///   a s1..s2 b … x y  →  a x … b s2..s1 y  →  a b … x s2..s1 y  (→ a b … x s1..s2 y)
    private func moveSegment(a: Int, s1: Int, s2: Int, b: Int, x: Int, y: Int, keepsDirection: Bool) {
        makeTwoOptMove(a, s1, x, y)
        makeTwoOptMove(a, x, b, s2)
        if keepsDirection { makeTwoOptMove(x, s2, s1, y) }
    }
}
